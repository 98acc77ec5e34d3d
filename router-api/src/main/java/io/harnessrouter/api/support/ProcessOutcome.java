package io.harnessrouter.api.support;

import java.time.Duration;
import java.util.Optional;

/**
 * How a child process ended.
 *
 * @param exitCode         the exit code; for a process killed by a signal, 128 + the signal
 *                         number; -1 when it never started
 * @param stdout           captured stdout (UTF-8), at most the capture cap plus a truncation note
 * @param stderr           captured stderr, likewise
 * @param stdoutTruncated  true when stdout exceeded the cap
 * @param stderrTruncated  true when stderr exceeded the cap
 * @param timedOut         true when the timeout fired and the tree was killed
 * @param cancelled        true when the calling thread was interrupted and the tree was killed
 * @param startError       why the process could not start (not found, not executable)
 * @param duration         wall time from start to the end of both streams
 * @since 0.1.0
 */
public record ProcessOutcome(
        int exitCode,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        boolean timedOut,
        boolean cancelled,
        Optional<String> startError,
        Duration duration) {

    public ProcessOutcome {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        startError = startError == null ? Optional.empty() : startError;
        duration = duration == null ? Duration.ZERO : duration;
    }

    /** True when the process started, ran to its end by itself and exited 0. */
    public boolean exitedCleanly() {
        return startError.isEmpty() && !timedOut && !cancelled && exitCode == 0;
    }
}
