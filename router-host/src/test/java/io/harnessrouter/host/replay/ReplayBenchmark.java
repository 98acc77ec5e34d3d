package io.harnessrouter.host.replay;

import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.support.FailureQuota;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.routing.MutableClock;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.state.MemoryStateStore;
import io.harnessrouter.host.state.StateStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The replay benchmark of proactive quota (docs/benchmark.md): one generated day of calls routed
 * by the real {@link Router} over {@link SimulatedCli}s that enforce their subscriptions' windows
 * on a virtual clock, three times — proactive with the windows declared, proactive with learned
 * limits only, and reactive (no quota config, nothing learned: the walk with breakers alone).
 *
 * <p>Run it with {@code mvn -B -o -pl router-api,router-host -am -Preplay -DskipTests verify} (prints the
 * table) or from {@link #main}. Not thread-safe: one run at a time.
 */
public final class ReplayBenchmark {

    /** How much the router knows about the quotas. */
    enum Mode {
        /** Declared windows and quota groups (the docs' examples). */
        DECLARED("proactive, declared windows"),
        /** Quota groups only: every limit is learned from the first refusal. */
        LEARNED("proactive, learned limits only"),
        /** No quota config and nothing learned: every spent window is found by a 429. */
        REACTIVE("reactive (baseline)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** What one run came to; {@link #per1000} scales a count to 1,000 calls. */
    record Result(Mode mode, int calls, int refusals, Duration stalled, int bySubscription, int byMetered,
                  int failed, double meteredUsd, Map<String, Integer> servedBy) {

        double per1000(double value) {
            return value * 1000.0 / calls;
        }

        double refusalsPer1000() {
            return per1000(refusals);
        }

        double stallSecondsPer1000() {
            return per1000(stalled.toMillis() / 1000.0);
        }

        double subscriptionShare() {
            return (double) bySubscription / calls;
        }

        double meteredUsdPer1000() {
            return per1000(meteredUsd);
        }

        /** Two runs of the same mode added up. */
        Result plus(Result o) {
            Map<String, Integer> served = new LinkedHashMap<>(servedBy);
            o.servedBy.forEach((k, v) -> served.merge(k, v, Integer::sum));
            return new Result(mode, calls + o.calls, refusals + o.refusals, stalled.plus(o.stalled),
                    bySubscription + o.bySubscription, byMetered + o.byMetered, failed + o.failed,
                    meteredUsd + o.meteredUsd, served);
        }
    }

    /** A route of the scenario. */
    private record Route(String model, String harness, SimulatedCli.Shape shape, String quota,
                         double usdPerMInput, double usdPerMOutput) {
        String id() {
            return model + "::" + harness;
        }

        boolean metered() {
            return shape == SimulatedCli.Shape.METERED;
        }
    }

    /** A subscription of the scenario: its window as the provider enforces it and the config declares it. */
    private record Subscription(String name, long requests, String per) {
    }

    static final Instant DAY = Instant.parse("2026-11-23T00:00:00Z");
    static final List<ReplayDay.Share> MIX = List.of(new ReplayDay.Share("opus", 0.5),
            new ReplayDay.Share("gpt-5", 0.3), new ReplayDay.Share("gemini-2.5-pro", 0.2));

    /** Claude Max through two CLIs, ChatGPT Plus, a Copilot allowance, Gemini's free tier. */
    private static final List<Subscription> SUBSCRIPTIONS = List.of(
            new Subscription("claude-max", 150, "5h"),
            new Subscription("chatgpt-plus", 60, "5h"),
            new Subscription("copilot", 50, "daily at 00:00 UTC"),
            new Subscription("gemini-free", 100, "daily at 00:00 America/Los_Angeles"));

    /** In declared order; the metered routes at an example price per million tokens. */
    private static final List<Route> ROUTES = List.of(
            new Route("opus", "claude_code", SimulatedCli.Shape.CLAUDE, "claude-max", 0, 0),
            new Route("opus", "opencode", SimulatedCli.Shape.OPENCODE, "claude-max", 0, 0),
            new Route("opus", "anthropic-api", SimulatedCli.Shape.METERED, null, 5, 25),
            new Route("gpt-5", "codex", SimulatedCli.Shape.CODEX, "chatgpt-plus", 0, 0),
            new Route("gpt-5", "copilot", SimulatedCli.Shape.COPILOT, "copilot", 0, 0),
            new Route("gpt-5", "openai-api", SimulatedCli.Shape.METERED, null, 1.25, 10),
            new Route("gemini-2.5-pro", "gemini", SimulatedCli.Shape.GEMINI, "gemini-free", 0, 0),
            new Route("gemini-2.5-pro", "gemini-api", SimulatedCli.Shape.METERED, null, 1.25, 10));

    private ReplayBenchmark() {
    }

    /** The day the benchmark replays: {@code hours} long, from {@link #DAY}. */
    static ReplayDay day(long seed, int hours) {
        return ReplayDay.generate(seed, DAY, Duration.ofHours(hours), MIX);
    }

    /** Routes every call of {@code day} with the router knowing what {@code mode} says. */
    static Result run(Mode mode, ReplayDay day) {
        MutableClock clock = new MutableClock(DAY);
        ReplayDay.Call[] current = new ReplayDay.Call[1];
        Map<String, SimulatedQuota> quotas = new LinkedHashMap<>();
        for (Subscription s : SUBSCRIPTIONS) {
            quotas.put(s.name(), new SimulatedQuota(s.name(), s.requests(), Period.parse(s.per())));
        }
        Map<String, SimulatedCli> clis = new LinkedHashMap<>();
        List<RouteEntry> entries = new ArrayList<>();
        for (Route r : ROUTES) {
            RouteSpec spec = new RouteSpec(r.id(), r.model(), r.metered() ? "openai-compatible" : r.harness(),
                    r.metered() ? Tier.METERED : Tier.SUBSCRIPTION,
                    r.metered() ? Optional.empty() : Optional.of(r.harness()), r.model(),
                    r.metered() ? Optional.of(URI.create("http://127.0.0.1:9/v1")) : Optional.empty(),
                    Optional.empty(), Duration.ofMinutes(10), Map.of(), Map.of());
            SimulatedCli cli = new SimulatedCli(spec, r.shape(), r.quota() == null ? null : quotas.get(r.quota()),
                    clock, () -> current[0]);
            clis.put(r.id(), cli);
            entries.add(new RouteEntry(spec, true, Optional.of(cli), FailureQuota.PARSER, Optional.empty(),
                    OptionalInt.empty(), policy(mode, r)));
        }
        RoutingTable table = new RoutingTable(entries, MIX.stream().map(ReplayDay.Share::model).toList(), List.of());
        StateStore store = mode == Mode.REACTIVE ? new ForgetfulStore() : new MemoryStateStore();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Router router = new Router(table, store, RoutingSettings.DEFAULTS, clock, pool);
            int bySubscription = 0;
            int byMetered = 0;
            int failed = 0;
            double usd = 0;
            int n = 0;
            Map<String, Integer> servedBy = new LinkedHashMap<>();
            for (ReplayDay.Call call : day.calls()) {
                if (clock.instant().isBefore(call.at())) {
                    clock.set(call.at());
                }
                current[0] = call;
                RouteOutcome outcome = router.route(new RouteRequest("c" + n++, "replayed call", List.of(),
                        Optional.empty(), Optional.of(call.model()), Optional.empty(), List.of()), RouteListener.NONE);
                if (outcome.result().isEmpty() || !outcome.result().get().success()) {
                    failed++;
                    continue;
                }
                Route served = route(outcome.decision().orElseThrow().routeId());
                servedBy.merge(served.id(), 1, Integer::sum);
                if (served.metered()) {
                    byMetered++;
                    usd += (call.inputTokens() * served.usdPerMInput() + call.outputTokens() * served.usdPerMOutput())
                            / 1_000_000;
                } else {
                    bySubscription++;
                }
            }
            int refusals = clis.values().stream().mapToInt(SimulatedCli::refusals).sum();
            Duration stalled = clis.values().stream().map(SimulatedCli::stalled).reduce(Duration.ZERO, Duration::plus);
            return new Result(mode, day.calls().size(), refusals, stalled, bySubscription, byMetered, failed, usd,
                    servedBy);
        } finally {
            pool.shutdownNow();
        }
    }

    private static QuotaPolicy policy(Mode mode, Route r) {
        if (mode == Mode.REACTIVE || r.quota() == null) {
            return QuotaPolicy.NONE;
        }
        Subscription s = SUBSCRIPTIONS.stream().filter(x -> x.name().equals(r.quota())).findFirst().orElseThrow();
        List<QuotaWindow> windows = mode == Mode.DECLARED
                ? List.of(QuotaWindow.declared(Measure.REQUESTS, s.requests(), Period.parse(s.per())))
                : List.of();
        return new QuotaPolicy(Optional.of(s.name()), windows, OptionalDouble.empty());
    }

    private static Route route(String id) {
        return ROUTES.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** The reactive baseline's state: it keeps breakers and counts, but learns no limit. */
    private static final class ForgetfulStore extends MemoryStateStore {
        @Override
        public void saveLearnedLimit(LearnedLimit limit) {
        }
    }

    /** The three runs over one day, as a Markdown table. */
    static String table(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| per 1,000 calls | 429s hit | seconds lost to failed attempts | served by subscriptions"
                + " | metered cost |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f%% | $%.2f |%n", r.mode().label,
                    r.refusalsPer1000(), r.stallSecondsPer1000(), r.subscriptionShare() * 100, r.meteredUsdPer1000()));
        }
        return out.toString();
    }

    /** The three modes over each day, added up per mode: declared, learned, reactive. */
    static List<Result> runAll(List<ReplayDay> days) {
        List<Result> sums = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            Result sum = null;
            for (ReplayDay day : days) {
                Result r = run(mode, day);
                sum = sum == null ? r : sum.plus(r);
            }
            sums.add(sum);
        }
        return sums;
    }

    /**
     * Prints the table of the replayed days. Arguments: {@code seed} of the first day (default
     * 20261123), {@code hours} per day (default 24), {@code days} (default 5; day {@code i} has
     * seed {@code seed + i}).
     */
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261123L;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<ReplayDay> days = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            days.add(day(seed + i, hours));
        }
        List<Result> results = runAll(days);
        System.out.printf(Locale.ROOT, "Replay of %d days of %d h, %d calls (seeds %d to %d)%n%n", count, hours,
                results.get(0).calls(), seed, seed + count - 1);
        System.out.print(table(results));
        Result base = results.get(2);
        for (Result r : results.subList(0, 2)) {
            System.out.printf(Locale.ROOT, "%n%s: 429s %.0f%% of the baseline's, stall %.0f%%, metered spend %.1f%%"
                            + " (calls failed: %d; baseline %d)", r.mode().label,
                    100.0 * r.refusals() / Math.max(1, base.refusals()),
                    100.0 * r.stalled().toMillis() / Math.max(1, base.stalled().toMillis()),
                    100.0 * r.meteredUsd() / Math.max(1e-9, base.meteredUsd()), r.failed(), base.failed());
        }
        System.out.println();
        System.out.println();
        for (Result r : results) {
            System.out.println(r.mode().label + ": calls served per route " + r.servedBy());
        }
    }
}
