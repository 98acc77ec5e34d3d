package io.harnessrouter.host.runtime;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.status.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stderr lines the stdio server prints once it has loaded, as the npm tool printed them:
 * {@code [harness-router v<ver>] R/N routes reachable (S subscription, M metered) | priority: a → b},
 * then the ready routes, then what to do next when nothing is reachable or nothing is configured.
 */
public final class Banner {

    private Banner() {
    }

    public static List<String> lines(StatusReport report, String version) {
        List<String> lines = new ArrayList<>();
        if (report.routes().isEmpty() && report.configProblem().isPresent()) {
            lines.add("[harness-router v" + version + "] not routing yet: " + report.configProblem().get());
            lines.add("[harness-router] serving MCP anyway; the code tool answers with this message until the config"
                    + " is fixed (it is re-read on every call)");
            return lines;
        }
        List<StatusReport.RouteStatus> enabled = report.routes().stream().filter(StatusReport.RouteStatus::enabled).toList();
        List<StatusReport.RouteStatus> ready = enabled.stream().filter(r -> r.available()
                && r.breaker().status() != BreakerState.Status.OPEN).toList();
        long subs = ready.stream().filter(r -> r.tier() == Tier.SUBSCRIPTION).count();
        String priority = report.priority().isEmpty() ? "(empty — no models declared)" : String.join(" → ", report.priority());
        lines.add("[harness-router v" + version + "] " + ready.size() + "/" + enabled.size() + " routes reachable ("
                + subs + " subscription, " + (ready.size() - subs) + " metered) | priority: " + priority);
        lines.add("[harness-router] ready: " + (ready.isEmpty() ? "(none)"
                : ready.stream().map(StatusReport.RouteStatus::id).collect(Collectors.joining(", "))));
        report.configProblem().ifPresent(p -> lines.add("[harness-router] config: " + p));
        if (ready.isEmpty()) {
            lines.add("[harness-router] nothing is reachable: run `harness-router doctor` to see what is installed and"
                    + " what is missing");
        }
        report.notes().forEach(n -> lines.add("[harness-router] note: " + n));
        return lines;
    }
}
