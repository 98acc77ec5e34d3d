package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessLedgerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private SqliteStateStore store;
    private final List<Process> spawned = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void close() {
        spawned.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        spawned.forEach(Process::destroyForcibly);
        store.close();
    }

    @Test
    void startedRecordsTheChildAndEndedForgetsIt() throws Exception {
        ChildProcessLedger ledger = new ChildProcessLedger(store);
        Instant start = Instant.parse("2026-03-01T09:59:00.123456Z");

        ledger.started(4242, start, List.of("claude", "-p", "secret prompt"));

        ProcessIdentity child = new ProcessIdentity(4242, Optional.of(start));
        assertEquals(1, store.children().size());
        ChildRecord row = store.children().get(0);
        assertEquals(child, row.child());
        assertEquals(Optional.of(Instant.parse("2026-03-01T09:59:00.123Z")), row.child().start());
        assertEquals(ProcessIdentity.current(), row.owner());
        ledger.ended(4242, start);
        assertEquals(List.of(), store.children());
    }

    @Test
    void aChildWithoutAStartInstantIsNotRecorded() {
        new ChildProcessLedger(store).started(4242, null, List.of("claude"));

        assertEquals(List.of(), store.children());
    }

    @Test
    void theTreeOfAChildWhoseOwnerIsGoneIsKilledAndItsRowDeleted() throws Exception {
        Process cli = spawn("sh", "-c", "sleep 60 & wait");
        ProcessHandle grandchild = awaitChildOf(cli);
        ChildProcessLedger ofDeadServer = new ChildProcessLedger(store, DispatchSlotsTest.exitedProcess(), CLOCK);
        ofDeadServer.started(cli.pid(), cli.toHandle().info().startInstant().orElseThrow(), List.of("sh"));

        int killed = new ChildProcessLedger(store).reapOrphans();

        assertEquals(1, killed);
        assertTrue(cli.waitFor(5, TimeUnit.SECONDS), "the CLI still runs");
        assertTrue(grandchild.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null
                || !grandchild.isAlive(), "its child still runs");
        assertEquals(List.of(), store.children());
    }

    @Test
    void whenTheCliItselfExitedWhatIsLeftOfItsProcessGroupIsKilled() throws Exception {
        // setsid makes the shell a group leader, as the process runner starts CLIs; the shell
        // exits, leaving its sleep re-parented to init but still in the group.
        Process leader = spawn("setsid", "sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!");
        Instant leaderStart = leader.toHandle().info().startInstant().orElseThrow();
        long sleepPid = Long.parseLong(new String(leader.getInputStream().readAllBytes()).strip());
        ProcessHandle sleep = ProcessHandle.of(sleepPid).orElseThrow();
        assertTrue(leader.waitFor(5, TimeUnit.SECONDS));
        new ChildProcessLedger(store, DispatchSlotsTest.exitedProcess(), CLOCK).started(leader.pid(), leaderStart,
                List.of("setsid"));

        try {
            assertEquals(1, new ChildProcessLedger(store).reapOrphans());

            assertTrue(sleep.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null || !sleep.isAlive(),
                    "the CLI's child still runs");
            assertEquals(List.of(), store.children());
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aPidThatNowRunsAnotherProcessIsNeverKilled() throws Exception {
        Process unrelated = spawn("sleep", "60");
        Instant otherStart = unrelated.toHandle().info().startInstant().orElseThrow().minusSeconds(30);
        new ChildProcessLedger(store, DispatchSlotsTest.exitedProcess(), CLOCK).started(unrelated.pid(), otherStart,
                List.of("claude"));

        int killed = new ChildProcessLedger(store).reapOrphans();

        assertEquals(0, killed);
        assertFalse(unrelated.waitFor(300, TimeUnit.MILLISECONDS), "a reused pid was killed");
        assertEquals(List.of(), store.children());
    }

    @Test
    void childrenOfALiveOwnerOrOfThisProcessAreLeftAlone() throws Exception {
        Process otherServer = spawn("sleep", "60");
        Process itsCli = spawn("sleep", "60");
        Process ourCli = spawn("sleep", "61");
        new ChildProcessLedger(store, ProcessIdentity.of(otherServer.toHandle()), CLOCK)
                .started(itsCli.pid(), itsCli.toHandle().info().startInstant().orElseThrow(), List.of("sleep"));
        ChildProcessLedger ours = new ChildProcessLedger(store);
        ours.started(ourCli.pid(), ourCli.toHandle().info().startInstant().orElseThrow(), List.of("sleep"));

        assertEquals(0, ours.reapOrphans());

        assertTrue(itsCli.isAlive() && ourCli.isAlive());
        assertEquals(2, store.children().size());
    }

    @Test
    void anOwnerWhosePidWasReusedCountsAsGone() throws Exception {
        Process cli = spawn("sleep", "60");
        ProcessIdentity me = ProcessIdentity.current();
        ProcessIdentity formerHolderOfMyPid = new ProcessIdentity(me.pid(), me.start().map(s -> s.minusSeconds(600)));
        new ChildProcessLedger(store, formerHolderOfMyPid, CLOCK)
                .started(cli.pid(), cli.toHandle().info().startInstant().orElseThrow(), List.of("sleep"));

        assertEquals(1, new ChildProcessLedger(store).reapOrphans());

        assertTrue(cli.waitFor(5, TimeUnit.SECONDS));
    }

    private Process spawn(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        spawned.add(p);
        return p;
    }

    private static ProcessHandle awaitChildOf(Process p) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Optional<ProcessHandle> child = p.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the shell started no child");
    }
}
