package io.harnessrouter.host.routing;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Writes the error a caller sees when no route succeeded: one line per route saying what happened
 * on it, then what to do next, chosen from the failure kinds. Fixes npm defect B8 (only the last
 * attempt's error was shown).
 *
 * <p>Thread-safety: immutable, safe for concurrent use.
 */
final class FailureReport {

    static final String DOCTOR = "run `harness-router doctor`";
    static final String DOCTOR_SENTENCE = "Run `harness-router doctor` to see what's installed and what's missing.";

    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_LINE = 300;

    private final RoutingTable table;

    FailureReport(RoutingTable table) {
        this.table = table;
    }

    /**
     * The error of a single-mode walk that ended without success.
     *
     * @param trace     every trace line of the walk, notes included
     * @param priority  the model priority the walk used (hint model first)
     * @param forced    the {@code hints.service} route, when the call named one
     * @param cancelled whether the walk stopped because the caller was interrupted
     * @param now       for the next-step times
     */
    String walkError(List<Attempt> trace, List<String> priority, Optional<String> forced, boolean cancelled,
                     Instant now) {
        List<Attempt> routes = trace.stream().filter(a -> !a.isNote()).toList();
        String lines = lines(trace);
        if (cancelled) {
            return "Routing was cancelled before any route succeeded (model priority " + priority + ")"
                    + (lines.isEmpty() ? "." : ":" + lines);
        }
        if (forced.isPresent()) {
            return "hints.service \"" + forced.get() + "\" did not succeed, and hints.service allows no "
                    + "fallback:" + lines + "\n" + next(routes, true, now);
        }
        long tried = routes.stream().filter(a -> a.status() == Attempt.Status.FAILED).count();
        if (tried > 0) {
            String header = routes.size() == 1 ? "1 route failed" : "All " + routes.size() + " routes failed";
            return header + " for model priority " + priority + ":" + lines + "\n" + next(routes, false, now);
        }
        String next = routes.stream().anyMatch(ConcurrencyLimiter::isCapSkip) ? next(routes, false, now)
                : DOCTOR_SENTENCE;
        return "No available routes — " + classify(routes, priority) + "." + lines + "\n" + next;
    }

    /** The fanout error when every route was skipped before running. */
    String fanoutError(List<Attempt> trace) {
        return "No candidate routes available for fanout:" + lines(trace) + "\n" + DOCTOR_SENTENCE;
    }

    /** The earliest time a route in the trace is expected back. */
    static Optional<Instant> earliestRetry(List<Attempt> trace) {
        return trace.stream().flatMap(a -> a.retryAt().stream()).min(Instant::compareTo);
    }

    /** Why nothing could be attempted: npm's classification, refined (see docs/routing.md). */
    private String classify(List<Attempt> routes, List<String> priority) {
        if (table.entries().isEmpty()) {
            return "no routes configured";
        }
        if (table.entries().stream().noneMatch(RouteEntry::enabled)) {
            return "no route is enabled (every configured route has enabled: false)";
        }
        if (routes.isEmpty()) {
            return "no route serves a model in the priority list " + priority + " (configured models: "
                    + String.join(", ", table.models()) + ")";
        }
        List<Attempt> capped = routes.stream().filter(ConcurrencyLimiter::isCapSkip).toList();
        if (!capped.isEmpty()) {
            return "every usable route stayed at its concurrency cap: " + String.join(", ", capped.stream()
                    .map(a -> a.routeId() + " (" + a.detail() + ")").toList());
        }
        List<Attempt> tripped = routes.stream().filter(FailureReport::isBreakerSkip).toList();
        if (!tripped.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Attempt a : tripped) {
                parts.add(a.routeId() + " (" + a.retryAt().map(t -> "until " + CandidatePlanner.iso(t))
                        .orElse(a.detail()) + ")");
            }
            return "every reachable route is rate-limited: " + String.join(", ", parts);
        }
        boolean allDisabled = routes.stream()
                .allMatch(a -> table.entry(a.routeId()).map(e -> !e.enabled()).orElse(false));
        return allDisabled ? "every route of the priority models is disabled (enabled: false)"
                : "no route is installed or reachable on this machine";
    }

    private static boolean isBreakerSkip(Attempt a) {
        return a.status() == Attempt.Status.SKIPPED
                && (a.retryAt().isPresent() || a.detail().equals(CandidatePlanner.PROBE_IN_PROGRESS));
    }

    private static String lines(List<Attempt> trace) {
        StringBuilder sb = new StringBuilder();
        for (Attempt a : trace) {
            sb.append("\n- ");
            if (a.isNote()) {
                sb.append(CandidatePlanner.oneLine(a.detail(), MAX_LINE));
            } else {
                sb.append(a.routeId()).append(": ").append(describe(a));
            }
        }
        return sb.toString();
    }

    private static String describe(Attempt a) {
        if (a.status() == Attempt.Status.SKIPPED) {
            return "skipped: " + CandidatePlanner.oneLine(a.detail(), MAX_LINE);
        }
        String retry = a.retryAt().map(t -> " (retry after " + CandidatePlanner.iso(t) + ")").orElse("");
        if (a.kind() == FailureKind.RATE_LIMITED) {
            return "rate limited" + retry;
        }
        if (a.kind() == FailureKind.QUOTA_EXHAUSTED) {
            return "quota exhausted" + retry;
        }
        return CandidatePlanner.oneLine(a.detail(), MAX_LINE);
    }

    private String next(List<Attempt> routes, boolean forced, Instant now) {
        LinkedHashSet<String> actions = new LinkedHashSet<>();
        for (Attempt a : routes) {
            action(a, now).ifPresent(actions::add);
        }
        if (forced) {
            actions.add("drop hints.service to let the router fail over");
        }
        actions.add(DOCTOR);
        List<String> list = List.copyOf(actions);
        if (list.size() == 1) {
            return "Next: " + list.get(0) + ".";
        }
        return "Next: " + String.join(", ", list.subList(0, list.size() - 1)) + ", or " + list.get(list.size() - 1)
                + ".";
    }

    private Optional<String> action(Attempt a, Instant now) {
        String id = a.routeId();
        if (a.status() == Attempt.Status.FAILED && a.nextStep().isPresent()) {
            return Optional.of(a.nextStep().get() + " (" + id + ")");
        }
        boolean waits = a.status() == Attempt.Status.SKIPPED || a.kind().isCapacity();
        if (waits && a.retryAt().isPresent()) {
            return Optional.of("wait until " + clockTime(a.retryAt().get(), now) + " for " + id);
        }
        if (ConcurrencyLimiter.isCapSkip(a)) {
            return Optional.of("retry when calls in flight on " + id + " have finished, or raise its max_concurrent");
        }
        if (a.status() == Attempt.Status.SKIPPED) {
            return a.detail().equals(CandidatePlanner.PROBE_IN_PROGRESS)
                    ? Optional.of("retry in a minute (" + id + " is being probed)") : Optional.empty();
        }
        switch (a.kind()) {
            case AUTH:
                return Optional.of(a.tier() == Tier.METERED ? "fix the api_key of " + id
                        : "log in to the " + cliName(id) + " CLI used by " + id);
            case FORBIDDEN:
                return Optional.of("ask for access to the model or tools " + id + " uses (its plan or organisation "
                        + "policy refused them), or disable it");
            case MODEL_REJECTED:
                return Optional.of("check the model id " + id + " sends (cli_model_override)");
            case TIMEOUT:
                return Optional.of("raise timeout_seconds of " + id + " or split the task");
            case UNAVAILABLE:
                return Optional.of("retry " + id + " later (the provider is overloaded or down)");
            default:
                return Optional.empty();
        }
    }

    private String cliName(String routeId) {
        return table.entry(routeId).map(e -> e.spec().command().orElse(e.spec().harnessId())).orElse(routeId);
    }

    /** {@code 14:05:00Z} when on the same UTC day as {@code now}, else the full instant. */
    static String clockTime(Instant t, Instant now) {
        boolean sameDay = t.truncatedTo(ChronoUnit.DAYS).equals(now.truncatedTo(ChronoUnit.DAYS));
        return sameDay ? CLOCK_TIME.format(t) : CandidatePlanner.iso(t);
    }
}
