package io.harnessrouter.host.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kills a process and everything under it: SIGTERM to all, a grace period, then SIGKILL to what
 * is left. "Under it" is its descendants (by parent pid, collected before anything is signalled,
 * as killing a parent re-parents its children) and, on Linux, every other member of the process
 * group it leads (the process runner makes each CLI a group leader): a grandchild whose parent
 * already exited is no longer a descendant but stays in the group, and Linux hands out no pid
 * while a group of that id exists, so every member belongs to this tree. Stateless, thread-safe.
 */
final class ProcessTree {

    private static final long POLL_MILLIS = 10;

    private ProcessTree() {
    }

    /** Signals the tree of {@code root} and waits up to {@code grace} before SIGKILL; returns how many were signalled. */
    static int kill(ProcessHandle root, Duration grace) {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        tree.put(root.pid(), root);
        root.descendants().forEach(h -> tree.putIfAbsent(h.pid(), h));
        groupMembers(root.pid()).forEach(h -> tree.putIfAbsent(h.pid(), h));
        return signal(tree.values(), grace);
    }

    /**
     * Signals what is left of the process group a dead leader {@code pgid} led, with its
     * descendants. Call only when no process has the pid {@code pgid}: Linux does not hand out a
     * pid while a group of that id exists, so the members are the leader's.
     */
    static int killOrphanedGroup(long pgid, Duration grace) {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        for (ProcessHandle member : groupMembers(pgid)) {
            tree.putIfAbsent(member.pid(), member);
            member.descendants().forEach(h -> tree.putIfAbsent(h.pid(), h));
        }
        return tree.isEmpty() ? 0 : signal(tree.values(), grace);
    }

    private static int signal(Collection<ProcessHandle> tree, Duration grace) {
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (tree.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
        return tree.size();
    }

    /**
     * Alive and not a zombie. {@link ProcessHandle#onExit()} is no use here: the processes are
     * not ours, and a zombie whose new parent (a container's PID 1, say) does not reap it counts
     * as alive for ever.
     */
    private static boolean running(ProcessHandle h) {
        return h.isAlive() && !ProcessIdentity.isZombie(h.pid());
    }

    /** Linux: the live processes other than {@code pid} in process group {@code pid}; empty when there is none. */
    static List<ProcessHandle> groupMembers(long pid) {
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(p -> p != pid && ProcessIdentity.processGroup(p).map(g -> g == pid).orElse(false))
                    .map(ProcessHandle::of).flatMap(Optional::stream)
                    .forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the descendants are all we can find.
        }
        return out;
    }
}
