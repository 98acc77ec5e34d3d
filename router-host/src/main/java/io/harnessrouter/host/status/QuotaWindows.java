package io.harnessrouter.host.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.WindowState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How status, status.json and the dashboard show a route's quota windows: one line or one object
 * per window with used / limit, the share used, the reset, the projection at the last hour's rate
 * and whether the limit was declared in the config or learned from a refusal. Stateless.
 */
public final class QuotaWindows {

    private QuotaWindows() {
    }

    /** Share of the window used, in whole percent (above 100 when a pinned call went past it). */
    public static int percent(WindowState w) {
        return (int) Math.round(w.fraction() * 100);
    }

    /** {@code declared}, or {@code learned 2026-12-01T10:05Z (estimate)}. */
    public static String source(QuotaWindow w) {
        return w.learnedAt().map(t -> "learned " + t.truncatedTo(ChronoUnit.MINUTES) + " (estimate)").orElse("declared");
    }

    /**
     * {@code 37/45 requests per 5h, 82%, declared, resets 2026-12-01T15:40:00Z; at this rate:
     * limit in 2.3 h; resets in 1.2 h}.
     */
    public static String line(WindowState w, Instant now) {
        QuotaWindow win = w.window();
        String per = win.period() instanceof io.harnessrouter.host.quota.Period.Rolling ? " per " : " ";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s/%s %s%s%s, %d%%, %s",
                win.measure().format(w.used()), win.measure().format(win.limit()), win.measure().key(), per,
                win.period().describe(), percent(w), source(win)));
        w.resetAt().ifPresent(t -> sb.append(", resets ").append(t.truncatedTo(ChronoUnit.SECONDS)));
        if (w.exhausted()) {
            sb.append("; used up");
        } else {
            w.projection(now).ifPresent(p -> sb.append("; ").append(p));
        }
        return sb.toString();
    }

    /** Why the planner treats the route differently, or empty when it routes it normally. */
    public static String standingNote(StatusReport.RouteStatus r) {
        Headroom h = r.headroom();
        return switch (r.standing()) {
            case USED_UP -> h.exhaustedDetail() + h.freesAt().map(t -> "; skipped until "
                    + t.truncatedTo(ChronoUnit.SECONDS) + " unless a call pins it").orElse("; skipped unless a call pins it");
            case PASSED_OVER -> h.passedOverDetail();
            case WITHIN -> "";
        };
    }

    /** The JSON of one window, as status.json and {@code dashboard --json} carry it. */
    public static void json(ObjectNode o, WindowState w, Instant now) {
        QuotaWindow win = w.window();
        o.put("measure", win.measure().key());
        o.put("used", w.used());
        o.put("limit", win.limit());
        o.put("percent", percent(w));
        o.put("period", win.period().describe());
        if (w.resetAt().isPresent()) {
            o.put("resetsAt", w.resetAt().get().truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
            o.putNull("resetsAt");
        }
        if (w.timeToLimit().isPresent()) {
            o.put("limitInSec", w.timeToLimit().get().toSeconds());
        } else {
            o.putNull("limitInSec");
        }
        if (w.projection(now).isPresent()) {
            o.put("projection", w.projection(now).get());
        } else {
            o.putNull("projection");
        }
        o.put("exhausted", w.exhausted());
        o.put("limitSource", win.learned() ? "learned" : "declared");
        win.learnedAt().ifPresent(t -> o.put("learnedAt", t.toString()));
    }
}
