package io.harnessrouter.host.dashboard;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.WindowState;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.status.QuotaWindows;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusReport.RouteStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws a {@link DashboardFrame} as lines: a header (time, state file, priority, next pick), then
 * per model (priority order) and tier, per route, its availability with the reason, one quota bar
 * per window with figures, reset and projection, the breaker with a countdown to its probe, the
 * counters, calls in flight in every process, and the last attempt with its age; notes last.
 * The live screen shows the lines coloured and cut to the terminal width; piped output is the
 * same lines as plain text, uncut. Stateless and thread-safe.
 */
public final class DashboardText {

    private static final AttributedStyle OK = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle HEAD = AttributedStyle.DEFAULT.bold();
    private static final String INDENT = "             ";

    private final int width;
    private final boolean colour;

    /**
     * @param width  cut every line to this many columns ({@link Integer#MAX_VALUE}: never)
     * @param colour style the lines (green ok, yellow passed over or half-open, red unavailable or open)
     */
    public DashboardText(int width, boolean colour) {
        this.width = width;
        this.colour = colour;
    }

    /** For piped output: plain, uncut. */
    public static String plain(DashboardFrame frame) {
        StringBuilder sb = new StringBuilder();
        new DashboardText(Integer.MAX_VALUE, false).lines(frame).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** For a terminal without --watch: coloured, uncut. */
    public static String ansi(DashboardFrame frame) {
        StringBuilder sb = new StringBuilder();
        new DashboardText(Integer.MAX_VALUE, true).lines(frame).forEach(l -> sb.append(l.toAnsi()).append('\n'));
        return sb.toString();
    }

    public List<AttributedString> lines(DashboardFrame frame) {
        StatusReport report = frame.report();
        Instant now = report.generatedAt();
        List<AttributedString> out = new ArrayList<>();
        out.add(line(b -> b.styled(style(HEAD), "harness-router dashboard").append("  " + iso(now)
                + "  state " + frame.statePath() + (report.storeProblem().isEmpty() ? " (all processes)" : ""))));
        out.add(line(b -> b.append("config     " + report.config().file())));
        report.config().problem().ifPresent(p -> out.add(line(b -> b.styled(style(BAD), "problem    " + oneLine(p)))));
        if (!report.priority().isEmpty()) {
            out.add(line(b -> b.append("priority   " + String.join(" → ", report.priority()))));
        }
        if (!report.routes().isEmpty()) {
            out.add(line(b -> report.nextPick().ifPresentOrElse(
                    d -> b.append("next pick  ").styled(style(OK), d.routeId())
                            .append(" (model " + d.model() + ", " + d.tier().wireName() + ")"),
                    () -> b.append("next pick  ").styled(style(BAD), "none: no route can be tried now"))));
        }
        for (String model : models(report)) {
            for (Tier tier : Tier.values()) {
                List<RouteStatus> group = report.routes().stream()
                        .filter(r -> r.model().equals(model) && r.tier() == tier).toList();
                if (group.isEmpty()) {
                    continue;
                }
                out.add(AttributedString.EMPTY);
                out.add(line(b -> b.styled(style(HEAD), model + " · " + tier.wireName())));
                group.forEach(r -> route(out, frame, r, now));
            }
        }
        if (!report.notes().isEmpty()) {
            out.add(AttributedString.EMPTY);
            report.notes().forEach(n -> out.add(line(b -> b.styled(style(WARN), "note  " + oneLine(n)))));
        }
        return out;
    }

    private void route(List<AttributedString> out, DashboardFrame frame, RouteStatus r, Instant now) {
        out.add(line(b -> availability(b.append("  "), r)));
        if (r.headroom().windows().isEmpty()) {
            out.add(line(b -> observation(b.append("    quota    "), r)));
        }
        for (WindowState w : r.headroom().windows()) {
            out.add(line(b -> window(b.append("    quota    "), w, now)));
            w.projection(now).filter(p -> !w.exhausted()).ifPresent(p -> out.add(line(b -> b.append(INDENT + p))));
        }
        String standing = QuotaWindows.standingNote(r);
        if (!standing.isEmpty()) {
            out.add(line(b -> b.styled(style(WARN), INDENT + standing)));
        }
        out.add(line(b -> breaker(b.append("    breaker  "), r.breaker(), now)));
        out.add(line(b -> b.append(String.format(Locale.ROOT,
                "    calls    %d · %d ok · %d failed · %d rate-limited   in flight %d/%d (all processes)",
                r.counters().calls(), r.counters().successes(), r.counters().failures(), r.counters().rateLimits(),
                r.inFlight(), r.maxConcurrent()))));
        out.add(line(b -> last(b.append("    last     "), frame, r.id(), now)));
    }

    private void availability(AttributedStringBuilder b, RouteStatus r) {
        if (!r.enabled()) {
            b.styled(style(AttributedStyle.DEFAULT.faint()), "○ " + r.id() + "  disabled in config");
        } else if (!r.available()) {
            b.styled(style(BAD), "✗ " + r.id()).append("  unavailable: " + oneLine(r.availabilityReason()));
        } else if (r.breaker().status() == BreakerState.Status.OPEN) {
            b.styled(style(BAD), "✗ " + r.id()).append("  available, breaker open");
        } else if (r.standing() == StatusReport.QuotaStanding.USED_UP) {
            b.styled(style(WARN), "● " + r.id()).append("  available, quota used up");
        } else if (r.standing() == StatusReport.QuotaStanding.PASSED_OVER) {
            b.styled(style(WARN), "● " + r.id()).append("  available, passed over (quota threshold)");
        } else {
            b.styled(style(OK), "● " + r.id()).append("  available");
        }
        b.append("  [" + r.harness() + "]");
    }

    private void window(AttributedStringBuilder b, WindowState w, Instant now) {
        QuotaWindow win = w.window();
        bar(b, Math.min(1, w.fraction()), w.exhausted() ? BAD : w.fraction() >= 0.8 ? WARN : OK);
        b.append(String.format(Locale.ROOT, " %3d%%  %s/%s %s%s%s · %s", QuotaWindows.percent(w),
                win.measure().format(w.used()), win.measure().format(win.limit()), win.measure().key(),
                win.period() instanceof io.harnessrouter.host.quota.Period.Rolling ? " per " : " ",
                win.period().describe(), win.learned() ? "learned (estimate)" : "declared"));
        w.resetAt().ifPresent(t -> b.append(" · resets " + iso(t) + " (in " + age(Duration.between(now, t)) + ")"));
    }

    /** A route with no window: the latest observation the CLI or API reported, if any. */
    private void observation(AttributedStringBuilder b, RouteStatus r) {
        if (r.quota().isEmpty()) {
            b.append("no window declared or learned; nothing observed yet");
            return;
        }
        QuotaObservation q = r.quota().get();
        bar(b, 1 - r.quotaScore(), r.quotaScore() < 0.2 ? BAD : OK);
        b.append(String.format(Locale.ROOT, " %3d%% left", Math.round(r.quotaScore() * 100)));
        if (q.remaining().isPresent() && q.limit().isPresent()) {
            b.append("  " + q.remaining().getAsLong() + "/" + q.limit().getAsLong() + " left");
        }
        if (q.kind() != QuotaObservation.Kind.OK) {
            b.styled(style(WARN), "  " + q.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        q.resetAt().ifPresent(t -> b.append(" · resets " + iso(t)));
        b.append(" · reported by " + q.source());
    }

    private void bar(AttributedStringBuilder b, double fraction, AttributedStyle fill) {
        int cells = width == Integer.MAX_VALUE ? 20 : Math.max(10, Math.min(30, width / 5));
        int filled = (int) Math.round(Math.max(0, fraction) * cells);
        b.append("[").styled(style(fill), "█".repeat(filled)).append("░".repeat(cells - filled)).append("]");
    }

    private void breaker(AttributedStringBuilder b, BreakerState br, Instant now) {
        switch (br.status()) {
            case OPEN -> {
                b.styled(style(BAD), "OPEN");
                br.openUntil().ifPresent(t -> b.append(t.isAfter(now)
                        ? " · probe allowed in " + countdown(Duration.between(now, t)) + " (" + iso(t) + ")"
                        : " · probe allowed now"));
            }
            case HALF_OPEN -> b.styled(style(WARN), "half-open").append(" · a probe call is in flight");
            default -> b.styled(style(OK), "closed");
        }
        if (br.consecutiveFailures() > 0) {
            b.append(" · " + br.consecutiveFailures() + " failure" + (br.consecutiveFailures() == 1 ? "" : "s")
                    + " in a row");
        }
        if (br.status() != BreakerState.Status.CLOSED && !br.lastError().isEmpty()) {
            b.append(" · last error: " + oneLine(br.lastError()));
        }
    }

    private void last(AttributedStringBuilder b, DashboardFrame frame, String routeId, Instant now) {
        var attempt = frame.lastAttempt(routeId);
        if (attempt.isEmpty()) {
            b.append("no attempt yet");
            return;
        }
        AttemptRecord a = attempt.get();
        if (a.success()) {
            b.styled(style(OK), "ok");
        } else {
            b.styled(style(BAD), "failed (" + a.kind().wireName() + ")");
        }
        b.append(" " + age(Duration.between(a.at(), now)) + " ago, took "
                + String.format(Locale.ROOT, "%.1f s", a.duration().toMillis() / 1000.0));
        if (!a.success() && !a.error().isEmpty()) {
            b.append(": " + oneLine(a.error()));
        }
    }

    private static List<String> models(StatusReport report) {
        Set<String> models = new LinkedHashSet<>(report.priority());
        report.routes().forEach(r -> models.add(r.model()));
        return List.copyOf(models);
    }

    private AttributedString line(java.util.function.Consumer<AttributedStringBuilder> draw) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        draw.accept(b);
        AttributedString s = b.toAttributedString();
        if (s.columnLength() <= width) {
            return s;
        }
        return new AttributedStringBuilder().append(s.columnSubSequence(0, width - 1)).append("…").toAttributedString();
    }

    private AttributedStyle style(AttributedStyle s) {
        return colour ? s : AttributedStyle.DEFAULT;
    }

    private static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 42s}, {@code 3m 05s}, {@code 1h 20m}. */
    static String countdown(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }

    /** {@code 12s}, {@code 3m}, {@code 2.5 h}, {@code 3.0 d}. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400 * 2) {
            return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f d", s / 86_400.0);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
