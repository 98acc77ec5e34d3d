package io.harnessrouter.host.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.status.StatusJson;
import io.harnessrouter.host.status.StatusReport;
import java.time.Duration;

/**
 * {@code harness-router dashboard --json}: the object of {@code status.json} (every route by id
 * with availability, quota windows, breaker, counters, in-flight calls; {@code config},
 * {@code plugins}, {@code stateStore}), each route with its {@code lastAttempt} added, and the
 * dashboard's own keys, which no route id can be (ids contain {@code ::}): {@code generatedAt},
 * {@code stateFile}, {@code priority} and {@code nextPick} (null when no route can be tried).
 * Stateless and thread-safe.
 */
public final class DashboardJson {

    private DashboardJson() {
    }

    public static ObjectNode render(DashboardFrame frame, ObjectMapper mapper) {
        StatusReport report = frame.report();
        ObjectNode root = mapper.createObjectNode();
        root.put("generatedAt", report.generatedAt().toString());
        root.put("stateFile", frame.statePath().toString());
        report.priority().forEach(root.putArray("priority")::add);
        if (report.nextPick().isPresent()) {
            var d = report.nextPick().get();
            root.putObject("nextPick").put("routeId", d.routeId()).put("model", d.model())
                    .put("tier", d.tier().wireName()).put("reason", d.reason());
        } else {
            root.putNull("nextPick");
        }
        root.setAll(StatusJson.render(report, mapper));
        for (StatusReport.RouteStatus r : report.routes()) {
            ObjectNode o = (ObjectNode) root.get(r.id());
            frame.lastAttempt(r.id()).ifPresentOrElse(a -> last(o.putObject("lastAttempt"), a, report),
                    () -> o.putNull("lastAttempt"));
        }
        return root;
    }

    private static void last(ObjectNode o, AttemptRecord a, StatusReport report) {
        o.put("at", a.at().toString());
        o.put("ageSec", Math.max(0, Duration.between(a.at(), report.generatedAt()).toSeconds()));
        o.put("success", a.success());
        o.put("kind", a.kind().wireName());
        o.put("durationMs", a.duration().toMillis());
        if (!a.error().isEmpty()) {
            o.put("error", a.error());
        }
    }
}
