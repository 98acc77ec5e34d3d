package io.harnessrouter.host.state;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into {@link StateException}s that name the file and the next step. */
final class SqliteErrors {

    private static final int BUSY = SQLiteErrorCode.SQLITE_BUSY.code;
    private static final int LOCKED = SQLiteErrorCode.SQLITE_LOCKED.code;
    private static final int READONLY = SQLiteErrorCode.SQLITE_READONLY.code;
    private static final int PERM = SQLiteErrorCode.SQLITE_PERM.code;
    private static final int CANTOPEN = SQLiteErrorCode.SQLITE_CANTOPEN.code;
    private static final int FULL = SQLiteErrorCode.SQLITE_FULL.code;
    private static final int IOERR = SQLiteErrorCode.SQLITE_IOERR.code;
    private static final int CORRUPT = SQLiteErrorCode.SQLITE_CORRUPT.code;
    private static final int NOTADB = SQLiteErrorCode.SQLITE_NOTADB.code;

    private SqliteErrors() {
    }

    /** The primary result code (the low byte of an extended code), or -1 when unknown. */
    static int primaryCode(SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code : e.getErrorCode();
        return code < 0 ? -1 : code & 0xFF;
    }

    static boolean isNotADatabase(SQLException e) {
        return primaryCode(e) == NOTADB;
    }

    /** "Could not {action} in state database {file}: {sqlite message}. {hint}" */
    static StateException wrap(Path file, String action, SQLException e) {
        if (isNotADatabase(e)) {
            return notADatabase(file, e);
        }
        return new StateException("Could not " + action + " in state database " + file + ": "
                + e.getMessage() + ". " + hint(file, primaryCode(e)), e);
    }

    static StateException notADatabase(Path file, Throwable cause) {
        return new StateException(file + " is not a SQLite database, so it cannot hold harness-router's"
                + " state. Move it aside, or set " + StatePaths.ENV_VAR
                + " (or --state-db) to another file.", cause);
    }

    static StateException closed(Path file) {
        return new StateException("The state database " + file + " is closed. This is a bug in the"
                + " caller: open a new store with SqliteStateStore.open.");
    }

    private static String hint(Path file, int code) {
        if (code == BUSY || code == LOCKED) {
            return "Another process held it locked (this one waits up to " + SqliteStateStore.BUSY_TIMEOUT_MS / 1000
                    + " s); check for a stuck harness-router process, as every one on this machine shares the file.";
        }
        if (code == READONLY || code == PERM || code == CANTOPEN) {
            return "Check that " + file + " and its directory are writable by this user, or set "
                    + StatePaths.ENV_VAR + " (or --state-db) to a writable location.";
        }
        if (code == FULL || code == IOERR) {
            return "Check free space and health of the disk holding " + file + ".";
        }
        if (code == CORRUPT) {
            return "The file is damaged: move " + file + " aside to start fresh (counters and breakers reset).";
        }
        return "If this persists, move " + file + " aside to start fresh (counters and breakers reset).";
    }
}
