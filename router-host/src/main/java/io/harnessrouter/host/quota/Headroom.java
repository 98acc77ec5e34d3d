package io.harnessrouter.host.quota;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A route's quota as the planner sees it for one plan: each window's state, the threshold that
 * applies, and whether another route of the same quota group was refused until a time.
 *
 * @param windows      every declared or learned window of the route's scope
 * @param threshold    the share of a window at which the route is passed over
 * @param blockedUntil a route of the same quota group reported the quota exhausted until then
 * @param blockedBy    that route's id, for the trace
 */
public record Headroom(List<WindowState> windows, double threshold, Optional<Instant> blockedUntil, String blockedBy) {

    /** A route with no quota information: always has headroom. */
    public static final Headroom UNKNOWN = new Headroom(List.of(), QuotaPolicy.DEFAULT_THRESHOLD, Optional.empty(), "");

    public Headroom {
        windows = List.copyOf(windows);
        blockedUntil = blockedUntil == null ? Optional.empty() : blockedUntil;
        blockedBy = blockedBy == null ? "" : blockedBy;
    }

    /** A window is used up, or the group was refused: dispatching now would earn a 429. */
    public boolean exhausted() {
        return blockedUntil.isPresent() || windows.stream().anyMatch(WindowState::exhausted);
    }

    /** Some window is at or above the threshold (and none is used up). */
    public boolean overThreshold() {
        return !exhausted() && windows.stream().anyMatch(w -> w.fraction() >= threshold);
    }

    /** The window with the largest share used. */
    public Optional<WindowState> tightest() {
        return windows.stream().max(Comparator.comparingDouble(WindowState::fraction));
    }

    /**
     * When capacity of this route expires unused: the soonest reset among its windows. The planner
     * prefers the route whose window resets soonest; routes with no known reset sort last.
     */
    public Optional<Instant> resetsAt() {
        return windows.stream().map(WindowState::resetAt).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }

    /** When an exhausted route can serve again: the group block, else the latest reset of a used-up window. */
    public Optional<Instant> freesAt() {
        Optional<Instant> windowFree = windows.stream().filter(WindowState::exhausted)
                .map(WindowState::resetAt).flatMap(Optional::stream).max(Comparator.naturalOrder());
        if (blockedUntil.isPresent() && windowFree.isPresent()) {
            return Optional.of(blockedUntil.get().isAfter(windowFree.get()) ? blockedUntil.get() : windowFree.get());
        }
        return blockedUntil.or(() -> windowFree);
    }

    /** Why an exhausted route is skipped. */
    public String exhaustedDetail() {
        if (blockedUntil.isPresent()) {
            return "quota group exhausted: " + blockedBy + " was refused until "
                    + blockedUntil.get().truncatedTo(ChronoUnit.SECONDS);
        }
        return "quota used up: " + windows.stream().filter(WindowState::exhausted).findFirst()
                .map(WindowState::describe).orElse("");
    }

    /** Why a route over the threshold is tried only after the routes with headroom. */
    public String passedOverDetail() {
        return "passed over: " + tightest().map(WindowState::describe).orElse("")
                + "; tried after the routes of this model with headroom";
    }
}
