package io.harnessrouter.api.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run one child process. Build with {@link #builder(List)}.
 *
 * @param command        argv; {@code command.get(0)} is the binary (a bare name is looked up on
 *                       {@code PATH}). Never run through a shell.
 * @param workingDir     the child's working directory; empty = the host's
 * @param env            variables added to (or replacing) the inherited environment
 * @param stdin          text written to the child's stdin, which is then closed; empty = stdin
 *                       reads from {@code /dev/null} (CLIs such as codex block on an open pipe)
 * @param timeout        after this the whole process tree is killed and the outcome is
 *                       {@code timedOut}
 * @param killGrace      time between SIGTERM to the tree and SIGKILL
 * @param maxCaptureBytes per stream; within it the output is kept whole, beyond it the first and
 *                       the last half of it are kept around a truncation note and the middle is
 *                       drained and counted ({@link ProcessOutcome#stdoutSize()})
 * @param stdoutLines    called with every stdout line (without the line break) as it arrives
 * @param stderrLines    called with every stderr line as it arrives
 * @since 0.1.0
 */
public record ProcessSpec(
        List<String> command,
        Optional<Path> workingDir,
        Map<String, String> env,
        Optional<String> stdin,
        Duration timeout,
        Duration killGrace,
        int maxCaptureBytes,
        Consumer<String> stdoutLines,
        Consumer<String> stderrLines) {

    /** Default per-stream capture cap: 10 MiB. */
    public static final int DEFAULT_MAX_CAPTURE_BYTES = 10 * 1024 * 1024;
    /**
     * The longest one argument may be, in bytes of UTF-8: 131071. Linux refuses a longer one with
     * {@code E2BIG} ("Argument list too long"): {@code MAX_ARG_STRLEN} is 32 pages of 4 KiB,
     * counting the terminating NUL. A runner refuses such a spec before spawning; text that may be
     * longer (a prompt) goes on {@link #stdin()}.
     */
    public static final int MAX_ARGUMENT_BYTES = 128 * 1024 - 1;
    /** Default grace between SIGTERM and SIGKILL: 2 s. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    public ProcessSpec {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a binary");
        }
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        env = env == null ? Map.of() : Map.copyOf(env);
        stdin = stdin == null ? Optional.empty() : stdin;
        Objects.requireNonNull(timeout, "timeout");
        killGrace = killGrace == null ? DEFAULT_KILL_GRACE : killGrace;
        if (maxCaptureBytes <= 0) {
            throw new IllegalArgumentException("maxCaptureBytes must be positive: " + maxCaptureBytes);
        }
        stdoutLines = stdoutLines == null ? line -> { } : stdoutLines;
        stderrLines = stderrLines == null ? line -> { } : stderrLines;
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** Builds {@link ProcessSpec}s. Not thread-safe. */
    public static final class Builder {
        private final List<String> command;
        private Path workingDir;
        private Map<String, String> env = Map.of();
        private String stdin;
        private Duration timeout = Duration.ofMinutes(10);
        private Duration killGrace = DEFAULT_KILL_GRACE;
        private int maxCaptureBytes = DEFAULT_MAX_CAPTURE_BYTES;
        private Consumer<String> stdoutLines;
        private Consumer<String> stderrLines;

        private Builder(List<String> command) {
            this.command = command;
        }

        public Builder workingDir(Path value) {
            this.workingDir = value;
            return this;
        }

        public Builder env(Map<String, String> value) {
            this.env = value;
            return this;
        }

        public Builder stdin(String value) {
            this.stdin = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder killGrace(Duration value) {
            this.killGrace = value;
            return this;
        }

        public Builder maxCaptureBytes(int value) {
            this.maxCaptureBytes = value;
            return this;
        }

        public Builder stdoutLines(Consumer<String> value) {
            this.stdoutLines = value;
            return this;
        }

        public Builder stderrLines(Consumer<String> value) {
            this.stderrLines = value;
            return this;
        }

        public ProcessSpec build() {
            return new ProcessSpec(command, Optional.ofNullable(workingDir), env,
                    Optional.ofNullable(stdin), timeout, killGrace, maxCaptureBytes, stdoutLines,
                    stderrLines);
        }
    }
}
