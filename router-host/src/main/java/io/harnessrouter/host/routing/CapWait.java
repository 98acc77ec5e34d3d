package io.harnessrouter.host.routing;

import io.harnessrouter.host.state.SlotClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a call does about routes at their concurrency cap: pass them over while another route is
 * left, and when none is, wait for a slot, bounded by the longest {@code timeout_seconds} of the
 * routes waited for and ended by an interrupt (the host cancelled). The trace says which: one
 * skip line per route passed over ({@code at its concurrency cap (4/4 in use)}), then one note
 * per wait saying how long it took, or that it gave up.
 *
 * <p>Thread-safety: the instance is shared; each {@link Walk} belongs to one call's thread.
 */
final class CapWait {

    /** How a wait ended. */
    enum Result {
        /** A slot may be free: try the routes again. */
        RETRY,
        /** The deadline passed with every route still full. */
        GAVE_UP,
        /** The caller was interrupted; the interrupt flag is set again. */
        CANCELLED
    }

    private final ConcurrencyLimiter limiter;

    CapWait(ConcurrencyLimiter limiter) {
        this.limiter = limiter;
    }

    /** The cap state of one single-mode walk. */
    Walk walk() {
        return new Walk();
    }

    /**
     * Fanout: runs one route's step, waiting while the route is at its cap. Adds a note to
     * {@code notes} when it waited. Returns the run, still {@link AttemptRunner.Run#atCap()} when
     * it gave up or was interrupted.
     */
    AttemptRunner.Run runWaiting(RouteEntry entry, Supplier<AttemptRunner.Run> step, List<Attempt> notes) {
        Walk walk = new Walk();
        AttemptRunner.Run run = step.get();
        while (run.atCap()) {
            walk.passedOver(entry, run);
            Result r = walk.await();
            if (r != Result.RETRY) {
                if (r == Result.GAVE_UP) {
                    notes.add(walk.gaveUpNote());
                }
                return run;
            }
            walk.retry();
            run = step.get();
        }
        walk.dispatched().ifPresent(notes::add);
        return run;
    }

    /** The routes one call passed over at their cap, and the wait in progress. Not thread-safe. */
    final class Walk {
        private final Map<String, RouteEntry> capped = new LinkedHashMap<>();
        private final Map<String, SlotClaim.Full> waitingFor = new LinkedHashMap<>();
        private final Set<String> reported = new HashSet<>();
        private String model = "";
        private long waitStart = -1;
        private long deadline;
        private Duration limit = Duration.ZERO;
        private int polls;

        boolean any() {
            return !capped.isEmpty();
        }

        /** Notes the route as full; returns its skip line the first time this call meets it full. */
        Optional<Attempt> passedOver(RouteEntry entry, AttemptRunner.Run run) {
            capped.put(entry.id(), entry);
            waitingFor.put(entry.id(), run.full().orElseThrow());
            if (model.isEmpty()) {
                model = entry.spec().model();
            }
            return reported.add(entry.id()) ? Optional.of(run.attempt()) : Optional.empty();
        }

        /** Waits for a slot; the first call of a wait fixes its deadline. */
        Result await() {
            if (waitStart < 0) {
                waitStart = System.nanoTime();
                limit = capped.values().stream().map(e -> e.spec().timeout()).max(Duration::compareTo)
                        .orElse(Duration.ZERO);
                deadline = waitStart + saturatedNanos(limit);
                polls = 0;
            }
            try {
                return limiter.await(polls++, deadline) ? Result.RETRY : Result.GAVE_UP;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.CANCELLED;
            }
        }

        /** The routes to try again after a wait; forgets them until they are found full again. */
        Set<String> retry() {
            Set<String> ids = new HashSet<>(capped.keySet());
            capped.clear();
            return ids;
        }

        /** Ends a wait in progress (a route got a slot, or the call stops); its note, if there was one. */
        Optional<Attempt> dispatched() {
            if (waitStart < 0) {
                return Optional.empty();
            }
            return Optional.of(endWait("every route left was at its concurrency cap (%s); waited %s for a free"
                    + " slot", ""));
        }

        /** The note of a wait that reached its deadline. */
        Attempt gaveUpNote() {
            return endWait("every route left stayed at its concurrency cap (%s); gave up after waiting %s",
                    " (the longest timeout_seconds of those routes is " + limit.toSeconds() + " s)");
        }

        private Attempt endWait(String format, String suffix) {
            Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
            List<String> parts = new ArrayList<>();
            waitingFor.forEach((id, full) -> parts.add(id + " " + full.inUse() + "/" + full.cap()));
            waitStart = -1;
            waitingFor.clear();
            return Attempt.note(model, String.format(Locale.ROOT, format, String.join(", ", parts), seconds(waited))
                    + suffix);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
