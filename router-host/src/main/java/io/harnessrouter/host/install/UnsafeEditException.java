package io.harnessrouter.host.install;

import io.harnessrouter.api.HarnessRouterException;
import java.nio.file.Path;

/**
 * A host's config file that install will not edit, because it cannot change only its own entry
 * there without risking the rest: not parseable, the entry defined twice, or written in a form the
 * editor does not handle. The file is left untouched; the message names it and says why.
 */
public final class UnsafeEditException extends HarnessRouterException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public UnsafeEditException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    /** The file that was not edited. */
    public Path file() {
        return file;
    }
}
