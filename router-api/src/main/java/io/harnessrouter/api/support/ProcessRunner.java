package io.harnessrouter.api.support;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs child processes the way every CLI dispatcher needs: no shell, stdin from
 * {@code /dev/null} unless the prompt goes through stdin, a deadline after which the
 * <em>whole process tree</em> is killed (SIGTERM, then SIGKILL after a grace period), stdout and
 * stderr captured up to a cap and streamed line by line.
 *
 * <p>Get one from {@link io.harnessrouter.api.HarnessContext#processRunner()}; the host's runner
 * also kills every child still running when the server shuts down.
 *
 * <p>Thread-safety: safe for concurrent use.
 *
 * @since 0.1.0
 */
public interface ProcessRunner {

    /**
     * Runs the process to its end, its timeout, or the calling thread's interruption, and
     * reports how it ended. Never throws for process failures; a binary that cannot start is an
     * outcome with {@link ProcessOutcome#startError()}. If the calling thread is interrupted the
     * tree is killed, the outcome is {@code cancelled} and the interrupt flag is set again.
     */
    ProcessOutcome run(ProcessSpec spec);

    /**
     * Resolves a command the way the runner will: an absolute or relative path is checked as is,
     * a bare name is searched on {@code PATH}. Empty when it is not found or not executable.
     */
    Optional<Path> which(String command);
}
