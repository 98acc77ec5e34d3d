package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.routing.AttemptRunner.Run;
import io.harnessrouter.host.routing.CandidatePlanner.Plan;
import io.harnessrouter.host.routing.CandidatePlanner.Step;
import io.harnessrouter.host.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing core: picks routes for a {@code code} call, dispatches, fails over, and records every
 * attempt in the shared state (counters, quota, circuit breaker).
 *
 * <ul>
 *   <li>{@link #route} walks the model priority ({@code hints.model} first): per model every usable
 *       subscription route by quota score, then the metered ones; any failure moves on to the next
 *       route; {@code hints.service} forces one route with no fallback. The plan is made again after
 *       each attempt so breaker and quota changes from other processes are seen. A route at its
 *       concurrency cap is passed over; when every route left is at its cap the walk waits for a
 *       slot (bounded by the longest timeout of those routes, ended by an interrupt).</li>
 *   <li>{@link #fanout} runs the prompt on many routes at once, bounded by
 *       {@code fanout_concurrency}.</li>
 *   <li>{@link #plan} lists what {@link #route} would try now, for status output.</li>
 * </ul>
 *
 * <p>Routing failures never throw: they come back as an outcome with the whole attempt trace and an
 * error saying what happened on each route and what to do next. An interrupted caller thread stops
 * the walk; the outcome then holds what is known.
 *
 * <p>Thread-safety: immutable for one {@link RoutingTable}; safe for any number of concurrent calls.
 * A config reload builds a new Router; calls in flight finish on the old one.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Clock clock;
    private final CandidatePlanner planner;
    private final AttemptRunner runner;
    private final FailureReport report;
    private final FanoutRunner fanoutRunner;
    private final CapWait capWait;
    private final GuardedStore store;
    private final QuotaMeter meter;

    /**
     * @param table      the routes of one config load
     * @param store      the shared state; a failing store is logged and routing goes on without it
     * @param settings   breaker timings and the fanout bound
     * @param clock      the time used for breakers, quota and the history
     * @param fanoutPool runs fanout attempts; the router bounds how many it submits at once, so an
     *                   unbounded (cached) pool is fine. Owned and shut down by the caller
     */
    public Router(RoutingTable table, StateStore store, RoutingSettings settings, Clock clock,
                  ExecutorService fanoutPool) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        GuardedStore guarded = new GuardedStore(store);
        CircuitBreakerPolicy policy = new CircuitBreakerPolicy(settings);
        QuotaMeter meter = new QuotaMeter(table, guarded, settings.quotaThreshold());
        this.store = guarded;
        this.meter = meter;
        this.planner = new CandidatePlanner(table, guarded, policy, clock, settings.rateLimitCooldown(), meter,
                new SpendMeter(table, guarded, settings.spendCap()));
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(guarded, settings);
        this.runner = new AttemptRunner(guarded, policy, clock, limiter, new UsageAccounting(guarded, meter));
        this.capWait = new CapWait(limiter);
        this.report = new FailureReport(table);
        this.fanoutRunner = new FanoutRunner(table, planner, runner, report, settings.fanoutConcurrency(),
                Objects.requireNonNull(fanoutPool, "fanoutPool"), capWait);
    }

    /**
     * Single mode: tries routes in plan order until one succeeds. Returns the successful result,
     * or the last failed one with an error covering every route; never throws for routing failures.
     *
     * @param listener sees each attempt start and end and every streamed event; may be
     *                 {@link RouteListener#NONE}; exceptions it throws are ignored
     */
    public RouteOutcome route(RouteRequest request, RouteListener listener) {
        RouteListener safe = new SafeListener(listener);
        Set<String> done = new HashSet<>();
        Plan plan = planner.plan(request, done);
        if (plan.error().isPresent()) {
            return new RouteOutcome(Optional.empty(), Optional.empty(), List.of(), plan.error().get(),
                    Optional.empty());
        }
        List<String> priority = plan.priority();
        List<Attempt> trace = new ArrayList<>(plan.notes());
        Run last = null;
        boolean cancelled = false;
        CapWait.Walk capped = capWait.walk();
        while (!cancelled) {
            if (Thread.currentThread().isInterrupted()) {
                cancelled = true;
                break;
            }
            Step next = nextStep(plan, done, trace);
            if (next == null) {
                if (!capped.any()) {
                    break;
                }
                // Every route left is at its cap: wait for a slot, then try them again.
                CapWait.Result waited = capped.await();
                if (waited == CapWait.Result.CANCELLED) {
                    cancelled = true;
                } else if (waited == CapWait.Result.GAVE_UP) {
                    trace.add(capped.gaveUpNote());
                    break;
                } else {
                    done.removeAll(capped.retry());
                    plan = planner.plan(request, done);
                }
                continue;
            }
            Run run = runner.run(request, next, safe);
            if (run.atCap()) {
                capped.passedOver(next.entry(), run).ifPresent(trace::add);
                plan = planner.plan(request, done);
                continue;
            }
            capped.dispatched().ifPresent(trace::add);
            trace.add(run.attempt());
            if (run.result().isPresent()) {
                last = run;
                DispatchResult result = run.result().get();
                if (result.success()) {
                    return new RouteOutcome(run.result(), Optional.of(run.decision()), trace, "", Optional.empty());
                }
                LOG.info("Route {} failed ({})", next.entry().id(),
                        result.failureKind().wireName());
                cancelled = result.failureKind() == FailureKind.CANCELLED;
            }
            plan = planner.plan(request, done);
        }
        if (cancelled) {
            capped.dispatched().ifPresent(trace::add);
        }
        String error = report.walkError(trace, priority, request.hintService(), cancelled, clock.instant());
        return new RouteOutcome(last == null ? Optional.empty() : last.result(),
                last == null ? Optional.empty() : Optional.of(last.decision()), trace, error,
                FailureReport.earliestRetry(trace));
    }

    /**
     * Fanout mode: runs the prompt on the routes of {@code request.models()} (else
     * {@code mixture_default}, else every route) concurrently, each once. Items come sorted:
     * successes first, subscription before metered, then by duration.
     *
     * @param listener as for {@link #route}, called from several threads at once
     */
    public FanoutOutcome fanout(RouteRequest request, RouteListener listener) {
        return fanoutRunner.fanout(request, new SafeListener(listener));
    }

    /**
     * The routes {@link #route} would try now, in order, for status "next pick". Reads the shared
     * state; writes nothing. Empty when nothing is usable or {@code hints.service} is unknown.
     */
    public List<RouteDecision> plan(RouteRequest request) {
        return planner.plan(request, Set.of()).steps().stream()
                .filter(s -> !s.isSkip())
                .map(Step::decision)
                .toList();
    }

    /**
     * Each route's quota headroom as the planner would see it now, for status and the dashboard:
     * every declared or learned window with its usage, reset and projection, the threshold, and a
     * quota group's refusal. Keyed by route id; routes with no quota information are absent. Reads
     * the shared state; writes nothing.
     */
    public Map<String, Headroom> headroom() {
        return meter.assess(store.quotas(), clock.instant());
    }

    /** Moves skip steps into the trace up to the next candidate, marking them done. */
    private static Step nextStep(Plan plan, Set<String> done, List<Attempt> trace) {
        for (Step step : plan.steps()) {
            done.add(step.entry().id());
            if (!step.isSkip()) {
                return step;
            }
            trace.add(step.skipped());
        }
        return null;
    }
}
