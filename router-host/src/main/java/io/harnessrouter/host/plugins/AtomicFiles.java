package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces a file in one step, so a reader (a running server) never sees half of it. Stateless. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Moves {@code tmp} (in the target's directory) over {@code target}. */
    static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
