package io.harnessrouter.host.status;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.WindowState;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link StatusReport} as the text dashboard of {@code harness-router://status}, laid
 * out like the npm tool's (sections per tier, one block per route, a "Ready to route" footer),
 * with the counters labelled for what they are: lifetime totals shared by every process.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusText {
    private static final int BAR_CELLS = 20;

    private StatusText() {
    }

    public static String render(StatusReport report) {
        StringBuilder sb = new StringBuilder("harness-router — status dashboard\n\n");
        sb.append("  config         : ").append(report.config().file()).append('\n');
        report.config().problem().ifPresent(p -> sb.append("  config problem : ")
                .append(p.replace("\n", "\n                   ")).append('\n'));
        if (!report.priority().isEmpty()) {
            sb.append("  model priority : ").append(String.join(" → ", report.priority())).append('\n');
        }
        sb.append('\n');
        section(sb, report, Tier.SUBSCRIPTION, "── Subscription — flat-rate, zero marginal cost ");
        section(sb, report, Tier.METERED, "── Metered — per-token API ");
        String ready = report.routes().stream()
                .filter(r -> r.enabled() && r.available() && r.breaker().status() != BreakerState.Status.OPEN)
                .map(StatusReport.RouteStatus::id).collect(Collectors.joining(", "));
        sb.append("Ready to route: ").append(ready.isEmpty() ? "none" : ready).append('\n');
        report.nextPick().ifPresent(d -> sb.append(String.format(Locale.ROOT,
                "Next pick     : %s for model=%s tier=%s (quota %.2f)%n", d.routeId(), d.model(),
                d.tier().wireName(), d.quotaScore())));
        for (String note : report.notes()) {
            sb.append("Note          : ").append(note).append('\n');
        }
        recent(sb, report);
        return sb.toString();
    }

    private static void recent(StringBuilder sb, StatusReport report) {
        if (report.recent().isEmpty()) {
            return;
        }
        sb.append("\nRecent attempts (all processes, newest first):\n");
        for (AttemptRecord a : report.recent()) {
            sb.append("  ").append(a.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("  ")
                    .append(a.success() ? "ok  " : "fail").append("  ").append(a.routeId())
                    .append("  ").append(a.duration().toMillis()).append(" ms");
            if (!a.success()) {
                sb.append("  ").append(a.kind().wireName()).append(": ").append(cut(a.error()));
            }
            sb.append('\n');
        }
    }

    private static void section(StringBuilder sb, StatusReport report, Tier tier, String title) {
        List<StatusReport.RouteStatus> routes = report.routes().stream().filter(r -> r.tier() == tier).toList();
        if (routes.isEmpty()) {
            return;
        }
        sb.append(title).append("─".repeat(Math.max(4, 78 - title.length()))).append("\n\n");
        for (StatusReport.RouteStatus r : routes) {
            boolean ok = r.enabled() && r.available();
            sb.append("  [").append(ok ? '✓' : '✗').append("] ").append(r.id().toUpperCase(Locale.ROOT)).append('\n');
            sb.append("      model      : ").append(r.model()).append('\n');
            sb.append("      connection : ").append(tier == Tier.METERED ? "HTTP API  " : "").append(r.connection()).append('\n');
            sb.append("      quota      : ").append(quota(r)).append('\n');
            for (WindowState w : r.headroom().windows()) {
                sb.append("      window     : ").append(QuotaWindows.line(w, report.generatedAt())).append('\n');
            }
            String standing = QuotaWindows.standingNote(r);
            if (!standing.isEmpty()) {
                sb.append("      quota note : ").append(standing).append('\n');
            }
            sb.append("      calls      : ").append(r.counters().calls()).append(" total (")
                    .append(r.counters().successes()).append(" ok, ").append(r.counters().failures())
                    .append(" failed, ").append(r.counters().rateLimits()).append(" rate-limited; all processes)\n");
            sb.append("      in flight  : ").append(r.inFlight()).append(" of at most ").append(r.maxConcurrent())
                    .append(" at once (all processes)\n");
            sb.append("      breaker    : ").append(breaker(r.breaker(), report.generatedAt())).append('\n');
            if (!r.enabled()) {
                sb.append("      note       : disabled in config\n");
            } else if (!r.available()) {
                sb.append("      note       : ").append(r.availabilityReason()).append('\n');
            }
            sb.append('\n');
        }
    }

    private static String quota(StatusReport.RouteStatus r) {
        int pct = (int) Math.round(r.quotaScore() * 100);
        int filled = (int) Math.round(r.quotaScore() * BAR_CELLS);
        String bar = "[" + "█".repeat(filled) + "░".repeat(BAR_CELLS - filled) + "] " + pct + "%";
        if (r.quota().isEmpty()) {
            return pct + "% assumed available (no observation yet)";
        }
        QuotaObservation q = r.quota().get();
        StringBuilder sb = new StringBuilder(bar);
        if (q.remaining().isPresent() && q.limit().isPresent()) {
            sb.append("  (").append(q.remaining().getAsLong()).append('/').append(q.limit().getAsLong()).append(')');
        }
        if (q.kind() != QuotaObservation.Kind.OK) {
            sb.append("  ").append(q.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        q.resetAt().ifPresent(t -> sb.append("  resets ").append(t));
        return sb.toString();
    }

    static String breaker(BreakerState b, Instant now) {
        switch (b.status()) {
            case OPEN:
                long secs = b.openUntil().map(t -> Math.max(0, Duration.between(now, t).toSeconds())).orElse(0L);
                return "⚡ OPEN — " + secs + "s until a probe is allowed"
                        + (b.lastError().isEmpty() ? "" : " (" + cut(b.lastError()) + ")");
            case HALF_OPEN:
                return "half-open — one probe in flight";
            default:
                return "closed" + (b.consecutiveFailures() > 0 ? "  (" + b.consecutiveFailures() + " recent failures)" : "");
        }
    }

    private static String cut(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 80 ? one.substring(0, 80) + "..." : one;
    }
}
