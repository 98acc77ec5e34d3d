package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteOutcome;
import java.time.Duration;
import java.util.List;

/**
 * Builds the {@code code} tool's JSON, field for field as the npm harness-router returned it
 * ({@code {"mode":"single","route":{...}}} / {@code {"mode":"fanout","results":[...]}}) plus the
 * attempt trace. Two deliberate differences: {@code service} is always the route id (the npm tool
 * gave the bare harness id for CLI routes, defect B11), and a failed walk's {@code route.error}
 * says what happened on every route, not only the last (defect B8).
 *
 * <p>Stateless and thread-safe.
 */
final class CodeResponse {
    private final ObjectMapper mapper;

    CodeResponse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode single(RouteOutcome outcome) {
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", "single");
        ObjectNode route = root.putObject("route");
        if (outcome.result().isEmpty()) {
            route.put("success", false);
            route.put("output", "");
            route.put("service", "none");
            route.put("error", outcome.error());
        } else {
            DispatchResult r = outcome.result().get();
            String error = r.success() ? r.error() : outcome.error().isEmpty() ? r.error() : outcome.error();
            routeFields(route, r, outcome.decision().map(RouteDecision::routeId).orElse("none"), error);
            outcome.decision().ifPresent(d -> {
                if (!d.model().isEmpty()) {
                    route.put("model", d.model());
                }
                route.set("routing", routing(d));
            });
        }
        outcome.retryAt().ifPresent(t -> {
            if (!outcome.success()) {
                route.put("retryAt", t.toString());
            }
        });
        root.set("attempts", attempts(outcome.attempts()));
        return root;
    }

    ObjectNode fanout(FanoutOutcome outcome) {
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", "fanout");
        ArrayNode results = root.putArray("results");
        for (FanoutOutcome.Item item : outcome.items()) {
            DispatchResult r = item.result();
            ObjectNode o = results.addObject();
            o.put("service", item.decision().routeId());
            o.put("model", item.decision().model());
            o.put("tier", item.decision().tier().wireName());
            o.put("success", r.success());
            o.put("output", r.output());
            if (!r.success()) {
                o.put("error", r.error());
            }
            o.put("durationMs", r.duration().toMillis());
            r.tokenUsage().ifPresent(u -> o.putObject("tokensUsed").put("input", u.input()).put("output", u.output()));
            if (r.rateLimited()) {
                o.put("rateLimited", true);
            }
        }
        outcome.error().ifPresent(e -> root.put("error", e));
        root.set("attempts", attempts(outcome.attempts()));
        return root;
    }

    private void routeFields(ObjectNode route, DispatchResult r, String service, String error) {
        route.put("success", r.success());
        route.put("output", r.output());
        route.put("service", service);
        if (!r.success() && !error.isEmpty()) {
            route.put("error", error);
        }
        route.put("durationMs", r.duration().toMillis());
        r.tokenUsage().ifPresent(u -> route.putObject("tokensUsed").put("input", u.input()).put("output", u.output()));
        if (r.rateLimited()) {
            route.put("rateLimited", true);
        }
        r.retryAfter().ifPresent(d -> route.put("retryAfter", seconds(d)));
        if (!r.success()) {
            route.put("failureKind", r.failureKind().wireName());
        }
    }

    private ObjectNode routing(RouteDecision d) {
        ObjectNode o = mapper.createObjectNode();
        o.put("model", d.model());
        o.put("tier", d.tier().wireName());
        o.put("quotaScore", round2(d.quotaScore()));
        o.put("reason", d.reason());
        return o;
    }

    private ArrayNode attempts(List<Attempt> attempts) {
        ArrayNode arr = mapper.createArrayNode();
        for (Attempt a : attempts) {
            ObjectNode o = arr.addObject();
            if (a.isNote()) {
                o.put("note", a.detail());
                continue;
            }
            o.put("service", a.routeId());
            o.put("model", a.model());
            o.put("tier", a.tier().wireName());
            o.put("status", a.status().wireName());
            if (a.status() == Attempt.Status.FAILED) {
                o.put("failureKind", a.kind().wireName());
            }
            if (!a.detail().isEmpty()) {
                o.put("detail", a.detail());
            }
            o.put("durationMs", a.duration().toMillis());
            o.put("quotaScore", round2(a.quotaScore()));
            a.retryAt().ifPresent(t -> o.put("retryAt", t.toString()));
        }
        return arr;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
