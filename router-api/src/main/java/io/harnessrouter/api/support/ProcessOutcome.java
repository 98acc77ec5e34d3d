package io.harnessrouter.api.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a child process ended.
 *
 * @param exitCode         the exit code; for a process killed by a signal, 128 + the signal
 *                         number; -1 when it never started
 * @param stdout           captured stdout (UTF-8): all of it, or when it went beyond the capture
 *                         cap its head and its tail joined by a truncation note
 * @param stderr           captured stderr, likewise
 * @param stdoutTruncated  true when stdout exceeded the cap
 * @param stderrTruncated  true when stderr exceeded the cap
 * @param timedOut         true when the timeout fired and the tree was killed
 * @param cancelled        true when the calling thread was interrupted and the tree was killed
 * @param startError       why the process could not start, in words (names the cause, never a
 *                         secret from the environment)
 * @param duration         wall time from start to the end of both streams
 * @param startFailure     what kind of start failure {@code startError} is; present exactly
 *                         when {@code startError} is
 * @param stdoutSize       how many bytes of stdout were kept and how many the child wrote
 * @param stderrSize       likewise for stderr
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
        Duration duration,
        Optional<StartFailure> startFailure,
        CaptureSize stdoutSize,
        CaptureSize stderrSize) {

    public ProcessOutcome {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        startError = startError == null ? Optional.empty() : startError;
        duration = duration == null ? Duration.ZERO : duration;
        startFailure = startFailure == null ? Optional.empty() : startFailure;
        if (startError.isPresent() != startFailure.isPresent()) {
            throw new IllegalArgumentException("startError and startFailure go together: " + startError
                    + " / " + startFailure);
        }
        stdoutSize = stdoutSize == null ? CaptureSize.whole(stdout) : stdoutSize;
        stderrSize = stderrSize == null ? CaptureSize.whole(stderr) : stderrSize;
    }

    /**
     * An outcome without start-failure kind and sizes (the first shape of this record, kept for
     * plugins that build outcomes in their tests). A start error given here counts as
     * {@link StartFailure#NOT_FOUND}, as every start error once did, and the sizes are those of
     * the text given.
     */
    public ProcessOutcome(int exitCode, String stdout, String stderr, boolean stdoutTruncated,
            boolean stderrTruncated, boolean timedOut, boolean cancelled, Optional<String> startError,
            Duration duration) {
        this(exitCode, stdout, stderr, stdoutTruncated, stderrTruncated, timedOut, cancelled, startError,
                duration, startError == null ? Optional.empty() : startError.map(e -> StartFailure.NOT_FOUND),
                null, null);
    }

    /** True when the process started, ran to its end by itself and exited 0. */
    public boolean exitedCleanly() {
        return startError.isEmpty() && !timedOut && !cancelled && exitCode == 0;
    }

    /**
     * Why a process could not start. Only {@link #NOT_FOUND} and {@link #NOT_EXECUTABLE} mean
     * the CLI is not installed; the others are faults of the call or of the machine.
     *
     * @since 0.1.0
     */
    public enum StartFailure {
        /** No file of that name on {@code PATH}, or no file at that path. */
        NOT_FOUND,
        /** The file exists but cannot be executed (no execute permission, a directory). */
        NOT_EXECUTABLE,
        /**
         * {@code E2BIG}: one argument is longer than {@link ProcessSpec#MAX_ARGUMENT_BYTES}, or
         * the arguments and environment together exceed the system's {@code ARG_MAX}.
         */
        ARGUMENTS_TOO_LONG,
        /** An argument or an environment entry contains a NUL character, or a variable name is not valid. */
        INVALID_ARGUMENT,
        /** The working directory does not exist or is not a directory. */
        WORKING_DIRECTORY,
        /** The runner was shut down (the server is exiting). */
        RUNNER_CLOSED,
        /** Anything else the system refused (out of memory, too many processes, a busy text file). */
        OTHER;

        /** True when the failure means the binary is missing or not runnable: the route is not installed. */
        public boolean binaryMissing() {
            return this == NOT_FOUND || this == NOT_EXECUTABLE;
        }
    }

    /**
     * How much of one stream was kept.
     *
     * @param keptBytes  bytes of the stream's own output in the captured text (the truncation
     *                   note not counted)
     * @param totalBytes bytes the child wrote to the stream
     * @since 0.1.0
     */
    public record CaptureSize(long keptBytes, long totalBytes) {

        public CaptureSize {
            if (keptBytes < 0 || totalBytes < keptBytes) {
                throw new IllegalArgumentException("need 0 <= keptBytes <= totalBytes: " + keptBytes + ", " + totalBytes);
            }
        }

        /** The size of a text that was kept whole. */
        public static CaptureSize whole(String text) {
            long n = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8).length;
            return new CaptureSize(n, n);
        }

        /** True when some of the stream was dropped. */
        public boolean truncated() {
            return totalBytes > keptBytes;
        }

        /** Bytes the child wrote that are not in the captured text. */
        public long omittedBytes() {
            return totalBytes - keptBytes;
        }
    }
}
