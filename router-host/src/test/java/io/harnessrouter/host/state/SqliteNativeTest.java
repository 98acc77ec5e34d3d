package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

class SqliteNativeTest {

    private static final String[] PROPERTIES = {
        SqliteNative.TMPDIR_PROPERTY, SqliteNative.LIB_PATH_PROPERTY, SqliteNative.LIB_NAME_PROPERTY};

    @TempDir
    Path dir;

    private final String[] saved = new String[PROPERTIES.length];

    @BeforeEach
    void clearProperties() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            saved[i] = System.clearProperty(PROPERTIES[i]);
        }
    }

    @AfterEach
    void restoreProperties() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(PROPERTIES[i]);
            } else {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
    }

    @Test
    void loadsTheLibraryFromAVersionedCopyNextToTheStateFile() throws Exception {
        SqliteNative.configure(dir);

        Path libDir = dir.resolve(".native").resolve(SQLiteJDBCLoader.getVersion());
        assertEquals(dir.resolve(".native").toString(), System.getProperty(SqliteNative.TMPDIR_PROPERTY));
        assertEquals(libDir.toString(), System.getProperty(SqliteNative.LIB_PATH_PROPERTY));
        Path lib = libDir.resolve(System.getProperty(SqliteNative.LIB_NAME_PROPERTY));
        assertTrue(Files.size(lib) > 100_000, "the copied library is " + Files.size(lib) + " bytes");
        try (var leftovers = Files.list(libDir)) {
            assertEquals(1, leftovers.count(), "no temp files are left behind");
        }
    }

    @Test
    void reusesAnExistingCopyWithoutRewritingIt() throws Exception {
        Path lib = SqliteNative.cachedLibrary(dir.resolve(".native")).orElseThrow();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, old);

        assertEquals(Optional.of(lib), SqliteNative.cachedLibrary(dir.resolve(".native")));
        assertEquals(old, Files.getLastModifiedTime(lib));
    }

    @Test
    void replacesATruncatedCopy() throws Exception {
        Path lib = SqliteNative.cachedLibrary(dir.resolve(".native")).orElseThrow();
        long size = Files.size(lib);
        Files.write(lib, new byte[10]);

        assertEquals(Optional.of(lib), SqliteNative.cachedLibrary(dir.resolve(".native")));
        assertEquals(size, Files.size(lib));
    }

    @Test
    void keepsAnExtractionDirectoryTheUserChose() {
        System.setProperty(SqliteNative.TMPDIR_PROPERTY, "/chosen");

        SqliteNative.configure(dir);

        assertEquals("/chosen", System.getProperty(SqliteNative.TMPDIR_PROPERTY));
        assertNull(System.getProperty(SqliteNative.LIB_PATH_PROPERTY));
        assertTrue(Files.notExists(dir.resolve(".native")));
    }

    @Test
    void keepsALibraryPathTheUserChose() {
        System.setProperty(SqliteNative.LIB_PATH_PROPERTY, "/opt/sqlite");

        SqliteNative.configure(dir);

        assertEquals("/opt/sqlite", System.getProperty(SqliteNative.LIB_PATH_PROPERTY));
        assertNull(System.getProperty(SqliteNative.TMPDIR_PROPERTY));
    }

    @Test
    void fallsBackToTheDefaultWhenTheDirectoryCannotBeCreated() throws Exception {
        Files.writeString(dir.resolve(".native"), "a file in the way");

        SqliteNative.configure(dir);

        assertNull(System.getProperty(SqliteNative.TMPDIR_PROPERTY));
        assertNull(System.getProperty(SqliteNative.LIB_PATH_PROPERTY));
    }
}
