package io.harnessrouter.host.state;

import io.harnessrouter.api.support.ChildProcessListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of running CLI processes in the state file, so that no CLI outlives a server killed
 * with SIGKILL by more than the time until the next harness-router process starts.
 *
 * <ul>
 *   <li>As the process runner's {@link ChildProcessListener}, {@link #started} records each child
 *       (pid, start instant, this process as owner) and {@link #ended} forgets it.</li>
 *   <li>{@link #reapOrphans()} kills the trees of children whose owner is gone (its pid no longer
 *       runs, or runs a process with another start instant) and deletes their rows. A child is
 *       signalled only if its pid still runs the very process recorded (same start instant), so a
 *       reused pid is never killed. Every harness-router process runs it once at start, in the
 *       background: {@link #reapOrphansInBackground()}.</li>
 * </ul>
 *
 * <p>Thread-safety: safe for concurrent use; failures of the store are logged, never thrown (a
 * listener must not throw, and reaping is best effort).
 */
public final class ChildProcessLedger implements ChildProcessListener {

    /** How long a reaped tree gets between SIGTERM and SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessLedger.class);

    private final StateStore store;
    private final ProcessIdentity owner;
    private final Clock clock;

    /** A ledger for this process over {@code store}. */
    public ChildProcessLedger(StateStore store) {
        this(store, ProcessIdentity.current(), Clock.systemUTC());
    }

    /** For tests: a ledger whose rows name {@code owner}. */
    ChildProcessLedger(StateStore store, ProcessIdentity owner, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@inheritDoc} A child whose start instant is unknown is not recorded: it could never be reaped safely. */
    @Override
    public void started(long pid, Instant startInstant, List<String> command) {
        if (startInstant == null) {
            LOG.debug("Child process {} has no start instant; not recorded in the ledger", pid);
            return;
        }
        ProcessIdentity child = new ProcessIdentity(pid, Optional.of(startInstant));
        try {
            store.recordChild(new ChildRecord(child, owner, Optional.empty(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Could not record child process {} in the state file; if this server is killed it is"
                    + " not reaped: {}", pid, e.toString());
        }
    }

    @Override
    public void ended(long pid, Instant startInstant) {
        if (startInstant == null) {
            return;
        }
        try {
            store.forgetChild(new ProcessIdentity(pid, Optional.of(startInstant)));
        } catch (RuntimeException e) {
            LOG.debug("Could not remove child process {} from the ledger: {}", pid, e.toString());
        }
    }

    /**
     * Kills the process trees of children whose owner is gone and deletes their rows; rows of live
     * owners are left alone. Blocks up to {@link #GRACE} per tree that ignores SIGTERM.
     *
     * @return how many recorded children (or what was left of their process groups) were killed
     */
    public int reapOrphans() {
        List<ChildRecord> rows;
        try {
            rows = store.children();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the child process ledger; orphaned CLIs are not reaped: {}", e.toString());
            return 0;
        }
        int killed = 0;
        for (ChildRecord row : rows) {
            if (row.owner().equals(owner) || row.owner().isAlive()) {
                continue;
            }
            int signalled = reap(row.child());
            if (signalled > 0) {
                killed++;
                LOG.warn("Killed CLI process {} ({} process(es) in its tree) left running by harness-router"
                        + " process {}, which is gone", row.child().pid(), signalled, row.owner().pid());
            }
            try {
                store.forgetChild(row.child());
            } catch (RuntimeException e) {
                LOG.debug("Could not remove reaped child {} from the ledger: {}", row.child().pid(), e.toString());
            }
        }
        return killed;
    }

    /**
     * Kills the child's tree when its pid still runs the recorded process; when the pid runs
     * nothing at all, kills what is left of the process group it led (the CLI exited, its
     * children did not). A pid that runs another process is left alone, group and all.
     */
    private static int reap(ProcessIdentity child) {
        Optional<ProcessHandle> same = child.verifiedHandle();
        if (same.isPresent()) {
            return ProcessTree.kill(same.get(), GRACE);
        }
        if (ProcessHandle.of(child.pid()).isEmpty()) {
            return ProcessTree.killOrphanedGroup(child.pid(), GRACE);
        }
        return 0;
    }

    /**
     * Runs {@link #reapOrphans()} on a daemon thread at once, so start-up does not wait for it,
     * then every {@link #REAP_INTERVAL}, so a server that dies while others run has its CLIs
     * reaped within that time too. Interrupt the thread to stop it (at shutdown, before the store
     * closes); it also stops once the store is closed.
     */
    public Thread reapOrphansInBackground() {
        Thread t = new Thread(this::reapUntilStopped, "harness-router-reaper");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** How often the background reaper looks again after its first pass. */
    public static final Duration REAP_INTERVAL = Duration.ofSeconds(5);

    private void reapUntilStopped() {
        try {
            do {
                reapOrphans();
                Thread.sleep(REAP_INTERVAL.toMillis());
            } while (!Thread.currentThread().isInterrupted() && isOpen());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Reaping orphaned CLI processes failed: {}", e.toString());
        }
    }

    private boolean isOpen() {
        try {
            store.children();
            return true;
        } catch (StateException e) {
            return false;
        }
    }
}
