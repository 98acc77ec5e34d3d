package io.harnessrouter.api.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills a child and every process below it: SIGTERM to the whole tree, a grace period, then
 * SIGKILL to whatever is left.
 *
 * <p>The tree is snapshotted <em>before</em> anything is signalled: once a parent dies its
 * children are re-parented to init and no longer show up among its descendants. When the root
 * leads a process group of its own ({@link Group}), the group is signalled too, which also
 * reaches descendants already re-parented away. Stateless and thread-safe.
 */
final class ProcessTree {

    private static final long POLL_MILLIS = 5;

    private ProcessTree() {
    }

    /** Signals the root's process group; {@link Group#NONE} where the root has no group of its own. */
    interface Group {
        Group NONE = force -> { };

        /** SIGTERM ({@code force} false) or SIGKILL to every member of the group. */
        void signal(boolean force);
    }

    /** SIGTERM, wait up to {@code graceNanos}, SIGKILL; returns once the root has exited or given up. */
    static void kill(Process root, Group group, long graceNanos) {
        List<ProcessHandle> tree = terminate(root, group);
        awaitExit(root, tree, System.nanoTime() + graceNanos);
        forceKill(root, group, tree);
        awaitKilled(root, tree, graceNanos);
    }

    /** Snapshots the tree of {@code root}, sends SIGTERM to all of it and its group, and returns the snapshot. */
    static List<ProcessHandle> terminate(Process root, Group group) {
        List<ProcessHandle> tree = snapshot(root.toHandle());
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        group.signal(false);
        return tree;
    }

    /**
     * Waits until the root and every process of {@code tree} have exited or {@code deadline}
     * ({@link System#nanoTime()} based) passes. An interrupt ends the wait early and is kept.
     *
     * <p>The root is awaited through its {@link Process} (an event, no polling). The JDK has no
     * exit event for processes that are not our children (its own {@code onExit()} polls every
     * 300 ms or more), so descendants are polled every {@value #POLL_MILLIS} ms; this happens
     * only while a tree is being killed, never on a normal run.
     */
    static void awaitExit(Process root, List<ProcessHandle> tree, long deadline) {
        try {
            if (!root.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
            while (anyAlive(tree) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to every survivor of {@code tree}, to any child the root started since, and to its group. */
    static void forceKill(Process root, Group group, List<ProcessHandle> tree) {
        Set<ProcessHandle> all = new LinkedHashSet<>(tree);
        if (root.isAlive()) {
            all.addAll(snapshot(root.toHandle()));
        }
        for (ProcessHandle h : all) {
            if (isRunning(h)) {
                h.destroyForcibly();
            }
        }
        group.signal(true);
    }

    /** Waits (bounded) for SIGKILL to take effect, so the caller sees the exit code and a dead tree. */
    static void awaitKilled(Process root, List<ProcessHandle> tree, long graceNanos) {
        boolean interrupted = Thread.interrupted();
        awaitExit(root, tree, System.nanoTime() + graceNanos);
        if (interrupted || Thread.interrupted()) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean anyAlive(List<ProcessHandle> tree) {
        for (ProcessHandle h : tree) {
            if (isRunning(h)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Like {@link ProcessHandle#isAlive()}, but a zombie (exited, waiting to be reaped) counts as
     * ended. Killed grandchildren are re-parented to init, and an init that reaps lazily (or a
     * JVM running as PID 1, which never reaps strangers) would otherwise keep them "alive".
     * Reads {@code /proc/<pid>/stat} where it exists (Linux); elsewhere trusts the JDK.
     */
    static boolean isRunning(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }

    /** Descendants (deepest last as the JDK lists them) followed by the root itself. */
    private static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        return tree;
    }
}
