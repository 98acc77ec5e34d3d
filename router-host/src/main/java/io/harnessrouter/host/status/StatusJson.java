package io.harnessrouter.host.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.config.ConfigProblem;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.quota.WindowState;
import io.harnessrouter.host.state.BreakerState;
import java.time.Duration;
import java.util.List;

/**
 * Renders a {@link StatusReport} as the JSON of {@code harness-router://status.json}: an object
 * keyed by route id with the npm tool's fields ({@code used, limit, remaining, resetAt, score,
 * source, updatedAgeSec, localCallCount, localSuccessCount, localFailureCount, circuitBreaker})
 * plus availability, why an enabled route is unreachable, dispatches in flight ({@code inFlight}
 * of {@code maxConcurrent}, every process), the shared breaker's state and
 * reopen time, and {@code quotaWindows}: the route's declared or learned windows (used, limit,
 * percent, period, reset, projection, {@code limitSource}) and its {@code standing}
 * ({@code within}, {@code passed_over} at the threshold, {@code used_up}). Three more keys, which no route id can be (ids contain {@code ::}), carry every
 * problem the text status shows: {@code config} (state, file, errors and warnings with file, line
 * and path, what to do), {@code plugins} (the plugins that could not be used) and
 * {@code stateStore} (whether state is shared or fell back to memory, and why).
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusJson {

    private StatusJson() {
    }

    public static ObjectNode render(StatusReport report, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        config(root.putObject("config"), report.config());
        ArrayNode plugins = root.putObject("plugins").putArray("problems");
        for (PluginProblem p : report.pluginProblems()) {
            plugins.addObject().put("plugin", p.plugin()).put("problem", p.problem()).put("fix", p.fix());
        }
        ObjectNode state = root.putObject("stateStore");
        state.put("shared", report.storeProblem().isEmpty());
        report.storeProblem().ifPresent(p -> state.put("problem", p));
        for (StatusReport.RouteStatus r : report.routes()) {
            ObjectNode o = root.putObject(r.id());
            o.put("model", r.model());
            o.put("tier", r.tier().wireName());
            o.put("harness", r.harness());
            o.put("enabled", r.enabled());
            o.put("available", r.available());
            if (!r.available()) {
                o.put("unavailableReason", r.availabilityReason());
            }
            r.blocker().ifPresent(b -> blocker(o.putObject("unreachable"), b));
            quota(o, r, report);
            headroom(o.putObject("quotaWindows"), r, report);
            o.put("localCallCount", r.counters().calls());
            o.put("localSuccessCount", r.counters().successes());
            o.put("localFailureCount", r.counters().failures());
            o.put("localRateLimitCount", r.counters().rateLimits());
            o.put("inFlight", r.inFlight());
            o.put("maxConcurrent", r.maxConcurrent());
            breaker(o.putObject("circuitBreaker"), r.breaker(), report);
        }
        return root;
    }

    private static void config(ObjectNode o, ConfigStatus c) {
        o.put("state", c.state().wireName());
        o.put("file", c.file().toString());
        if (!c.message().isEmpty()) {
            o.put("message", c.message());
        }
        problems(o.putArray("errors"), c.errors());
        problems(o.putArray("warnings"), c.warnings());
        if (!c.fix().isEmpty()) {
            o.put("fix", c.fix());
        }
    }

    private static void problems(ArrayNode array, List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            array.addObject().put("file", p.file().toString()).put("line", p.line()).put("path", p.path())
                    .put("message", p.message());
        }
    }

    private static void blocker(ObjectNode o, Blocker b) {
        if (b instanceof Blocker.NoPlugin n) {
            o.put("kind", "no_plugin").put("harness", n.harness());
        } else if (b instanceof Blocker.UnsetVariables u) {
            o.put("kind", "unset_variables");
            u.names().forEach(o.putArray("variables")::add);
        } else if (b instanceof Blocker.BreakerOpen) {
            o.put("kind", "breaker_open");
        } else {
            o.put("kind", "unavailable");
        }
        o.put("reason", b.reason());
    }

    private static void quota(ObjectNode o, StatusReport.RouteStatus r, StatusReport report) {
        QuotaObservation q = r.quota().orElse(null);
        putLong(o, "used", q == null || q.used().isEmpty() ? null : q.used().getAsLong());
        putLong(o, "limit", q == null || q.limit().isEmpty() ? null : q.limit().getAsLong());
        putLong(o, "remaining", q == null || q.remaining().isEmpty() ? null : q.remaining().getAsLong());
        if (q != null && q.resetAt().isPresent()) {
            o.put("resetAt", q.resetAt().get().toString());
        } else {
            o.putNull("resetAt");
        }
        o.put("score", Math.round(r.quotaScore() * 100.0) / 100.0);
        o.put("source", q == null ? "unknown" : q.source());
        if (q != null) {
            o.put("quotaState", q.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("updatedAgeSec", Math.max(0, Duration.between(q.observedAt(), report.generatedAt()).toSeconds()));
        } else {
            o.putNull("updatedAgeSec");
        }
    }

    private static void headroom(ObjectNode o, StatusReport.RouteStatus r, StatusReport report) {
        Headroom h = r.headroom();
        o.put("standing", r.standing().wireName());
        o.put("threshold", h.threshold());
        String note = QuotaWindows.standingNote(r);
        if (!note.isEmpty()) {
            o.put("note", note);
        }
        h.blockedUntil().ifPresent(t -> o.put("groupBlockedUntil", t.toString()).put("groupBlockedBy", h.blockedBy()));
        ArrayNode windows = o.putArray("windows");
        for (WindowState w : h.windows()) {
            QuotaWindows.json(windows.addObject(), w, report.generatedAt());
        }
    }

    private static void breaker(ObjectNode o, BreakerState b, StatusReport report) {
        o.put("state", b.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        o.put("tripped", b.status() != BreakerState.Status.CLOSED);
        o.put("failures", b.consecutiveFailures());
        if (b.status() == BreakerState.Status.OPEN && b.openUntil().isPresent()) {
            o.put("reopensAt", b.openUntil().get().toString());
            double remaining = Math.max(0, Duration.between(report.generatedAt(), b.openUntil().get()).toMillis() / 1000.0);
            o.put("cooldownRemainingSec", Math.round(remaining * 10.0) / 10.0);
        }
        if (!b.lastError().isEmpty()) {
            o.put("lastError", b.lastError());
        }
    }

    private static void putLong(ObjectNode o, String key, Long v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
