package com.example.harnessrouter.acme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.TokenUsage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses the JSONL that {@code acme run --json} prints: one {@link AcmeEvent} per line. Lines that
 * are not an event (a notice, a blank line, an event type this version does not know) parse to
 * nothing and are skipped, so a newer CLI that adds event types does not break the plugin.
 *
 * <p>Jackson is available because the host provides it (the plugin declares it {@code provided});
 * no Jackson type leaves this class. Stateless and thread-safe ({@link ObjectMapper} is, once
 * configured).
 */
final class AcmeJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AcmeJsonl() {
    }

    /**
     * Everything one run printed.
     *
     * @param answer the {@code text} chunks joined in order
     * @param error  the first {@code error} event, if any
     * @param done   the {@code done} event, if the run got that far
     */
    record Transcript(String answer, Optional<AcmeEvent.Error> error, Optional<AcmeEvent.Done> done) {
    }

    /** Collects one run's events as they arrive: one per run, not thread-safe. */
    static final class Collector {
        private final StringBuilder answer = new StringBuilder();
        private AcmeEvent.Error error;
        private AcmeEvent.Done done;

        void add(AcmeEvent event) {
            if (event instanceof AcmeEvent.Text t) {
                answer.append(t.text());
            } else if (event instanceof AcmeEvent.Error e && error == null) {
                error = e;
            } else if (event instanceof AcmeEvent.Done d) {
                done = d;
            }
        }

        Transcript transcript() {
            return new Transcript(answer.toString(), Optional.ofNullable(error), Optional.ofNullable(done));
        }
    }

    /** Reads a whole stdout (the dispatcher reads line by line with a {@link Collector}). */
    static Transcript read(String stdout) {
        Collector run = new Collector();
        for (String line : stdout.split("\n", -1)) {
            parseLine(line).ifPresent(run::add);
        }
        return run.transcript();
    }

    /** The event on this line, or empty when the line is not an Acme event. */
    static Optional<AcmeEvent> parseLine(String line) {
        String trimmed = line == null ? "" : line.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return n != null && n.isObject() ? Optional.ofNullable(event(n)) : Optional.empty();
    }

    private static AcmeEvent event(JsonNode n) {
        return switch (n.path("type").asText("")) {
            case "text" -> n.path("text").isTextual() ? new AcmeEvent.Text(n.path("text").textValue()) : null;
            case "thinking" -> n.path("text").isTextual() ? new AcmeEvent.Thinking(n.path("text").textValue()) : null;
            case "tool" -> new AcmeEvent.Tool(n.path("name").asText(""), n.has("input") ? n.get("input").toString() : "");
            case "error" -> new AcmeEvent.Error(n.path("code").asInt(0), n.path("message").asText(""),
                    instant(n.path("reset_at").asText("")));
            case "done" -> new AcmeEvent.Done(usage(n.path("usage")));
            default -> null;
        };
    }

    private static Optional<TokenUsage> usage(JsonNode u) {
        JsonNode in = u.path("in");
        JsonNode out = u.path("out");
        if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(in.longValue(), out.longValue()));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
