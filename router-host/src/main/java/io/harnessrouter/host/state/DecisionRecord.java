package io.harnessrouter.host.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router decided for one {@code code} call (from an MCP host or {@code harness-router
 * route}): the chosen route and why, and every route it tried or skipped, in order. Written once
 * per call, read by {@code harness-router why}. Holds no prompt text.
 *
 * @param at          when the call ended
 * @param requestId   the call's request id (as in the attempt history)
 * @param origin      which front door made the call: {@code mcp} or {@code route}
 * @param pid         the process that routed it
 * @param mode        {@code single} or {@code fanout}
 * @param success     whether a route answered
 * @param chosenRoute the route whose answer was returned (single), empty when none answered or
 *                    for fanout
 * @param reason      the router's reason for the chosen (or last tried) route, empty when none
 * @param duration    wall time of the whole call
 * @param error       when nothing succeeded: the router's error, cut to {@value #MAX_ERROR} characters
 * @param steps       every trace line, in the order the router walked
 */
public record DecisionRecord(
        Instant at,
        String requestId,
        String origin,
        long pid,
        String mode,
        boolean success,
        Optional<String> chosenRoute,
        String reason,
        Duration duration,
        String error,
        List<Step> steps) {

    /** How much of the error is kept. */
    public static final int MAX_ERROR = 2000;

    public DecisionRecord {
        Objects.requireNonNull(at, "at");
        requestId = requestId == null ? "" : requestId;
        origin = origin == null ? "" : origin;
        mode = mode == null ? "single" : mode;
        chosenRoute = chosenRoute == null ? Optional.empty() : chosenRoute;
        reason = reason == null ? "" : reason;
        duration = duration == null ? Duration.ZERO : duration;
        error = error == null ? "" : (error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * One line of the trace.
     *
     * @param routeId  the route, empty for a note about the request (an unknown model hint)
     * @param model    the model key
     * @param tier     {@code subscription} or {@code metered}
     * @param status   {@code succeeded}, {@code failed} or {@code skipped}
     * @param kind     the failure kind's wire name, {@code none} when it succeeded or was skipped
     * @param detail   the error, or why it was skipped, or the note; empty on success
     * @param duration wall time of the dispatch, zero when skipped
     */
    public record Step(String routeId, String model, String tier, String status, String kind, String detail,
                       Duration duration) {
        public Step {
            routeId = routeId == null ? "" : routeId;
            model = model == null ? "" : model;
            tier = tier == null ? "" : tier;
            status = status == null ? "" : status;
            kind = kind == null ? "none" : kind;
            detail = detail == null ? "" : (detail.length() > MAX_ERROR ? detail.substring(0, MAX_ERROR) : detail);
            duration = duration == null ? Duration.ZERO : duration;
        }

        /** True for a note about the request, which names no route. */
        public boolean isNote() {
            return routeId.isEmpty();
        }
    }
}
