package io.harnessrouter.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.state.DecisionRecord;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code why} and {@code route} show a {@link DecisionRecord}: a header line (when, which
 * process, the request id, the mode and the outcome), the router's reason, then one line per route
 * tried or skipped with its status, failure kind, duration and detail. Also the {@code --json}
 * shape. Stateless.
 */
final class DecisionText {
    private static final int MAX_DETAIL = 300;

    private DecisionText() {
    }

    /** The lines of one decision, without a trailing blank line. */
    static List<String> lines(DecisionRecord d) {
        List<String> out = new ArrayList<>();
        String outcome = d.success()
                ? (d.chosenRoute().map(r -> "answered by " + r).orElse("answered") + " in " + seconds(d.duration()))
                : "no route answered (" + seconds(d.duration()) + ")";
        out.add(d.at().truncatedTo(ChronoUnit.SECONDS) + "  " + d.origin() + " pid " + d.pid() + "  request "
                + d.requestId() + "  " + d.mode() + ": " + outcome);
        if (!d.reason().isEmpty()) {
            out.add("  decision: " + d.reason());
        }
        List<String> error = d.success() ? List.of() : d.error().lines().toList();
        if (!error.isEmpty()) {
            out.add("  error: " + oneLine(error.get(0).replaceFirst(":$", "")));
        }
        for (DecisionRecord.Step s : d.steps()) {
            out.add("  " + step(s));
        }
        // The router's next step ("Next: ..." or the doctor sentence) is the error's last line.
        error.stream().filter(l -> l.startsWith("Next:") || l.startsWith("Run ")).reduce((a, b) -> b)
                .ifPresent(l -> out.add("  " + l));
        return out;
    }

    private static String step(DecisionRecord.Step s) {
        if (s.isNote()) {
            return "note: " + oneLine(s.detail());
        }
        String mark = switch (s.status()) {
            case "succeeded" -> "✓";
            case "failed" -> "✗";
            default -> "·";
        };
        StringBuilder b = new StringBuilder(mark).append(' ').append(s.routeId()).append("  ").append(s.status());
        if (!s.status().equals("skipped")) {
            b.append(" in ").append(s.duration().toMillis()).append(" ms");
        }
        if (!s.kind().equals("none")) {
            b.append(" (").append(s.kind()).append(')');
        }
        if (!s.detail().isEmpty()) {
            b.append(": ").append(oneLine(s.detail()));
        }
        return b.toString();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL - 1) + "…";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The {@code --json} object of one decision. */
    static ObjectNode json(ObjectMapper mapper, DecisionRecord d) {
        ObjectNode o = mapper.createObjectNode();
        o.put("at", d.at().toString());
        o.put("request_id", d.requestId());
        o.put("origin", d.origin());
        o.put("pid", d.pid());
        o.put("mode", d.mode());
        o.put("success", d.success());
        if (d.chosenRoute().isPresent()) {
            o.put("chosen_route", d.chosenRoute().get());
        } else {
            o.putNull("chosen_route");
        }
        o.put("reason", d.reason());
        o.put("duration_ms", d.duration().toMillis());
        o.put("error", d.error());
        ArrayNode steps = o.putArray("steps");
        for (DecisionRecord.Step s : d.steps()) {
            ObjectNode j = steps.addObject();
            j.put("route", s.routeId());
            j.put("model", s.model());
            j.put("tier", s.tier());
            j.put("status", s.status());
            j.put("kind", s.kind());
            j.put("detail", s.detail());
            j.put("duration_ms", s.duration().toMillis());
        }
        return o;
    }
}
