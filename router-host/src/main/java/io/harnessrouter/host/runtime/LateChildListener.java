package io.harnessrouter.host.runtime;

import io.harnessrouter.api.support.ChildProcessListener;
import java.time.Instant;
import java.util.List;

/**
 * The process runner is made before the state store opens (in the background); this listener
 * passes its events to the store's ledger once that is attached, and to nothing before and
 * after (no CLI runs before the store is open, and none is recorded into a closed one).
 * Thread-safe.
 */
final class LateChildListener implements ChildProcessListener {
    private volatile ChildProcessListener target = ChildProcessListener.NONE;

    void attach(ChildProcessListener listener) {
        target = listener;
    }

    @Override
    public void started(long pid, Instant startInstant, List<String> command) {
        target.started(pid, startInstant, command);
    }

    @Override
    public void ended(long pid, Instant startInstant) {
        target.ended(pid, startInstant);
    }
}
