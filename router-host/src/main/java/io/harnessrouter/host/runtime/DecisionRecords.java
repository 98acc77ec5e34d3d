package io.harnessrouter.host.runtime;

import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.state.DecisionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a walk's outcome into the {@link DecisionRecord} {@code harness-router why} reads: the
 * request id, never the prompt; every trace line with its status, kind, detail and duration.
 * Stateless.
 */
public final class DecisionRecords {

    private DecisionRecords() {
    }

    /** A single-mode call. */
    public static DecisionRecord single(String origin, RouteRequest request, RouteOutcome outcome, Instant end,
                                        Duration took) {
        Optional<String> chosen = outcome.success() ? outcome.decision().map(RouteDecision::routeId) : Optional.empty();
        return new DecisionRecord(end, request.requestId(), origin, ProcessHandle.current().pid(), "single",
                outcome.success(), chosen, outcome.decision().map(RouteDecision::reason).orElse(""), took,
                outcome.error(), steps(outcome.attempts()));
    }

    /** A fanout call: a success when any route answered. */
    public static DecisionRecord fanout(String origin, RouteRequest request, FanoutOutcome outcome, Instant end,
                                        Duration took) {
        boolean any = outcome.items().stream().anyMatch(i -> i.result().success());
        String reason = "fanout over " + outcome.items().size() + " route(s)";
        return new DecisionRecord(end, request.requestId(), origin, ProcessHandle.current().pid(), "fanout", any,
                Optional.empty(), reason, took, outcome.error().orElse(any ? "" : "no route answered"),
                steps(outcome.attempts()));
    }

    static List<DecisionRecord.Step> steps(List<Attempt> trace) {
        return trace.stream().map(a -> new DecisionRecord.Step(a.routeId(), a.model(),
                a.isNote() ? "" : a.tier().wireName(), a.status().wireName(), a.kind().wireName(), a.detail(),
                a.duration())).toList();
    }
}
