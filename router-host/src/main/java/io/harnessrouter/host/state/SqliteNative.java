package io.harnessrouter.host.state;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Decides where the SQLite native library is loaded from. By default sqlite-jdbc extracts its
 * 1.1 MB {@code .so} into {@code java.io.tmpdir} on every JVM start; that directory is often
 * mounted {@code noexec} (the load then fails with "failed to map segment from shared object")
 * and the extraction costs 50-80 ms. Unless the user set {@code org.sqlite.tmpdir} or
 * {@code org.sqlite.lib.path}, before the first connection we:
 * <ol>
 *   <li>point {@code org.sqlite.tmpdir} at {@code <state dir>/.native/}, a directory the user
 *       can write and that is rarely noexec, so a fallback extraction lands there;</li>
 *   <li>copy the library once to {@code <state dir>/.native/<sqlite-jdbc version>/} (temp file
 *       and atomic rename, so concurrent processes never load a partial file) and point
 *       {@code org.sqlite.lib.path} at it, so later starts load it without extracting.</li>
 * </ol>
 * If the cached copy cannot be made or loaded, sqlite-jdbc falls back to extracting into the
 * tmpdir of step 1. Thread-safe; the JVM loads the library once, so only the first call matters.
 */
final class SqliteNative {

    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";
    static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    static final String LIB_NAME_PROPERTY = "org.sqlite.lib.name";
    static final String DIR_NAME = ".native";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);

    private static boolean prepared;

    private SqliteNative() {
    }

    /** Configures the library location for {@code stateDir} once per JVM (see the class comment). */
    static synchronized void prepare(Path stateDir) {
        if (!prepared && stateDir != null) {
            prepared = true;
            configure(stateDir);
        }
    }

    /** Sets the properties unless the user chose a location; visible for tests. */
    static void configure(Path stateDir) {
        if (System.getProperty(TMPDIR_PROPERTY) != null || System.getProperty(LIB_PATH_PROPERTY) != null) {
            return;
        }
        Path dir = stateDir.resolve(DIR_NAME);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.debug("Cannot create {} ({}); sqlite-jdbc extracts into java.io.tmpdir", dir, e.toString());
            return;
        }
        System.setProperty(TMPDIR_PROPERTY, dir.toString());
        cachedLibrary(dir).ifPresent(lib -> {
            System.setProperty(LIB_PATH_PROPERTY, lib.getParent().toString());
            System.setProperty(LIB_NAME_PROPERTY, lib.getFileName().toString());
        });
    }

    /** The library copied to {@code dir/<version>/}, copying it when missing or damaged. */
    static Optional<Path> cachedLibrary(Path dir) {
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            URL url = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
            if (url == null) {
                return Optional.empty();
            }
            Path lib = dir.resolve(SQLiteJDBCLoader.getVersion()).resolve(name);
            URLConnection resource = url.openConnection();
            long size = resource.getContentLengthLong();
            if (!isComplete(lib, size)) {
                Files.createDirectories(lib.getParent());
                Path tmp = Files.createTempFile(lib.getParent(), name, ".tmp");
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    publish(tmp, lib, size);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return Optional.of(lib);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot cache the SQLite native library in {} ({}); it is extracted per start", dir,
                    e.toString());
            return Optional.empty();
        }
    }

    private static boolean isComplete(Path lib, long size) throws IOException {
        return Files.isRegularFile(lib) && Files.size(lib) == size;
    }

    /**
     * Makes the complete copy {@code tmp} visible as {@code lib}. A hard link never replaces a copy
     * another process published meanwhile (and may already have loaded); only a damaged copy is
     * replaced, by an atomic rename.
     */
    private static void publish(Path tmp, Path lib, long size) throws IOException {
        try {
            Files.createLink(lib, tmp);
        } catch (FileAlreadyExistsException e) {
            if (!isComplete(lib, size)) {
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The hint for a native library that did not load. */
    static String loadHint() {
        return "The SQLite native library could not be loaded from "
                + System.getProperty(LIB_PATH_PROPERTY, System.getProperty(TMPDIR_PROPERTY,
                        System.getProperty("java.io.tmpdir")))
                + " (is it mounted noexec?). Start harness-router with -D" + TMPDIR_PROPERTY
                + "=<a directory that allows executables>.";
    }
}
