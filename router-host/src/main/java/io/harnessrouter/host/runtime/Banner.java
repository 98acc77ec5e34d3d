package io.harnessrouter.host.runtime;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.status.Blocker;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusReport.RouteStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stderr lines the stdio server prints once it has loaded, as the npm tool printed them:
 * {@code [harness-router v<ver>] R/N routes reachable (S subscription, M metered) | priority: a → b},
 * then the ready routes, then how many enabled routes are unreachable and why, grouped by cause
 * (no plugin, an unset variable, an open breaker, anything else), then what to do next when
 * nothing is reachable or nothing is configured.
 */
public final class Banner {
    private static final String TAG = "[harness-router] ";

    private Banner() {
    }

    public static List<String> lines(StatusReport report, String version) {
        List<String> lines = new ArrayList<>();
        if (!report.config().inUse()) {
            lines.add("[harness-router v" + version + "] not routing yet: " + report.config().message());
            lines.add(TAG + "serving MCP anyway; the code tool answers with this message until the config"
                    + " is fixed (it is re-read on every call)");
            report.notes().forEach(n -> lines.add(TAG + "note: " + n));
            return lines;
        }
        List<RouteStatus> enabled = report.routes().stream().filter(RouteStatus::enabled).toList();
        List<RouteStatus> ready = enabled.stream().filter(r -> r.blocker().isEmpty()).toList();
        long subs = ready.stream().filter(r -> r.tier() == Tier.SUBSCRIPTION).count();
        String priority = report.priority().isEmpty() ? "(empty — no models declared)" : String.join(" → ", report.priority());
        lines.add("[harness-router v" + version + "] " + ready.size() + "/" + enabled.size() + " routes reachable ("
                + subs + " subscription, " + (ready.size() - subs) + " metered) | priority: " + priority);
        lines.add(TAG + "ready: " + (ready.isEmpty() ? "(none)" : ids(ready)));
        unreachable(enabled, lines);
        report.config().problem().ifPresent(p -> lines.add(TAG + "config: " + p));
        if (ready.isEmpty()) {
            lines.add(TAG + "nothing is reachable: run `harness-router doctor` to see what is installed and"
                    + " what is missing");
        }
        report.notes().forEach(n -> lines.add(TAG + "note: " + n));
        return lines;
    }

    /**
     * {@code N routes unreachable:} and one line per cause: every route without a plugin together
     * (naming the harnesses), one line per set of unset variables, every open breaker together,
     * and one line per other reason (its first line).
     */
    private static void unreachable(List<RouteStatus> enabled, List<String> lines) {
        List<RouteStatus> blocked = enabled.stream().filter(r -> r.blocker().isPresent()).toList();
        if (blocked.isEmpty()) {
            return;
        }
        List<RouteStatus> noPlugin = new ArrayList<>();
        Set<String> harnesses = new LinkedHashSet<>();
        Map<Cause, List<RouteStatus>> others = new LinkedHashMap<>();
        for (RouteStatus r : blocked) {
            Blocker b = r.blocker().get();
            if (b instanceof Blocker.NoPlugin n) {
                noPlugin.add(r);
                harnesses.add(n.harness());
            } else {
                others.computeIfAbsent(cause(b), k -> new ArrayList<>()).add(r);
            }
        }
        lines.add(TAG + count(blocked.size()) + " unreachable:");
        if (!noPlugin.isEmpty()) {
            String which = " (" + String.join(", ", harnesses) + ")";
            group(lines, new Cause("has no plugin for its harness" + which, "have no plugin for their harnesses" + which),
                    noPlugin);
        }
        others.forEach((cause, routes) -> group(lines, cause, routes));
    }

    /** How a cause reads for one route and for several. */
    private record Cause(String one, String many) {
    }

    private static Cause cause(Blocker b) {
        if (b instanceof Blocker.UnsetVariables u) {
            List<String> n = u.names();
            String names = n.size() == 1 ? n.get(0)
                    : String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
            String which = names + (n.size() == 1 ? ", which is not set" : ", which are not set");
            return new Cause("needs " + which, "need " + which);
        }
        if (b instanceof Blocker.BreakerOpen) {
            return new Cause("has its circuit breaker open", "have their circuit breakers open");
        }
        String reason = "(" + b.reason().strip().lines().findFirst().orElse("") + ")";
        return new Cause("is unavailable " + reason, "are unavailable " + reason);
    }

    private static void group(List<String> lines, Cause cause, List<RouteStatus> routes) {
        lines.add(TAG + "  " + count(routes.size()) + " " + (routes.size() == 1 ? cause.one() : cause.many())
                + ": " + ids(routes));
    }

    private static String count(int n) {
        return n + (n == 1 ? " route" : " routes");
    }

    private static String ids(List<RouteStatus> routes) {
        return routes.stream().map(RouteStatus::id).collect(Collectors.joining(", "));
    }
}
