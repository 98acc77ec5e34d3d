package io.harnessrouter.host.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where sqlite-jdbc extracts its native library. By default it writes the {@code .so} to
 * {@code java.io.tmpdir}, which is often mounted {@code noexec} (the load then fails with
 * "failed to map segment from shared object"). Before the first connection we point
 * {@code org.sqlite.tmpdir} at {@code <state dir>/.native/}, which the user can already write and
 * which is rarely noexec, unless the user chose {@code org.sqlite.tmpdir} or
 * {@code org.sqlite.lib.path} themselves. Thread-safe; the JVM loads the library once.
 */
final class SqliteNative {

    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";
    static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    static final String DIR_NAME = ".native";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);

    private SqliteNative() {
    }

    /** Sets {@code org.sqlite.tmpdir} to {@code stateDir/.native} when nobody has chosen one. */
    static synchronized void prepare(Path stateDir) {
        if (stateDir == null || System.getProperty(TMPDIR_PROPERTY) != null
                || System.getProperty(LIB_PATH_PROPERTY) != null) {
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
    }

    /** The hint for a native library that did not load. */
    static String loadHint() {
        return "The SQLite native library could not be loaded from "
                + System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir"))
                + " (is it mounted noexec?). Start harness-router with -D" + TMPDIR_PROPERTY
                + "=<a directory that allows executables>.";
    }
}
