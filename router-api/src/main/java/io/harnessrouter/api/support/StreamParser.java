package io.harnessrouter.api.support;

import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;

/**
 * Reads the stdout of one dispatch as it arrives and produces its result:
 * {@link AbstractCliDispatcher#streamParser} creates one per call, so it may keep per-call state
 * (the text so far, the session id, the last usage figures) in plain fields. JSONL CLIs (codex,
 * opencode, copilot) parse each event once here instead of a stateless line hook plus a second
 * parse of the captured stdout.
 *
 * <p>The base class guarantees: {@link #onLine} sees every stdout line once, in order (a line
 * longer than 1 MiB arrives in pieces of at most that size); every {@code onLine} call
 * happens-before {@link #finish}; no line is delivered after {@code finish} starts, even when an
 * orphan keeps the stream open; {@code finish} is called only for a process that ran to its end
 * (a timeout, a cancellation or a start failure is turned into a result by the base class, and
 * the parser is then dropped). So an implementation needs no synchronisation of its own.
 *
 * @since 0.1.0
 */
public interface StreamParser {

    /**
     * One stdout line, without its line break, on the process's reader thread. Send progress
     * events to {@code listener} (it already drops its own exceptions); an exception thrown here
     * is dropped and reading goes on.
     */
    void onLine(String line, DispatchListener listener);

    /**
     * The result of the process, which has ended: from what {@link #onLine} saw, with the
     * outcome's exit code, stderr and capture sizes. Duration and exit code are stamped
     * afterwards by the base class.
     */
    DispatchResult finish(ProcessOutcome outcome);
}
