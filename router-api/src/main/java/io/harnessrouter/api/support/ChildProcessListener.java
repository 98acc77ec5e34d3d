package io.harnessrouter.api.support;

import java.time.Instant;
import java.util.List;

/**
 * Told about every child process a {@link DefaultProcessRunner} starts and when it is gone, so
 * the host can record running children outside its own memory (the shared state file) and a
 * later harness-router process can reap the children of one that was killed with SIGKILL.
 *
 * <p>A child is identified by its pid <em>and</em> its start instant as
 * {@link ProcessHandle.Info#startInstant()} reports it, so a recorded child is never confused
 * with an unrelated process that reused the pid.
 *
 * <p>Called on the thread that runs the process; implementations must be quick and must not
 * throw (a throwing listener is logged and ignored by the runner). Thread-safety: called
 * concurrently for different children.
 *
 * @since 0.1.0
 */
public interface ChildProcessListener {

    /** A listener that records nothing. */
    ChildProcessListener NONE = new ChildProcessListener() {
        @Override
        public void started(long pid, Instant startInstant, List<String> command) {
        }

        @Override
        public void ended(long pid, Instant startInstant) {
        }
    };

    /**
     * A child was spawned. {@code startInstant} is null where the platform cannot tell it (or
     * the child exited and was reaped before it could be read);
     * {@code command} is the argv as run, program first (never log it whole: a prompt may be in it).
     */
    void started(long pid, Instant startInstant, List<String> command);

    /** The child exited or was killed and reaped; its tree is gone as far as the runner knows. */
    void ended(long pid, Instant startInstant);
}
