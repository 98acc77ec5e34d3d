package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.routing.AttemptRunner.Run;
import io.harnessrouter.host.routing.CandidatePlanner.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Runs one prompt on many routes at once: the routes of the named models (else of
 * {@code mixture_default}, else every route), each once with no fallback, at most
 * {@code fanout_concurrency} at a time (npm defect B24: its fanout was unbounded). The calling
 * thread takes a permit before it submits each route, so pool threads never block on the bound.
 *
 * <p>Thread-safety: stateless per call; safe for concurrent use.
 */
final class FanoutRunner {

    private static final Comparator<Run> ITEM_ORDER = Comparator
            .comparing((Run r) -> !r.result().orElseThrow().success())
            .thenComparing(r -> r.attempt().tier() == Tier.SUBSCRIPTION ? 0 : 1)
            .thenComparing(r -> r.attempt().duration());

    private final RoutingTable table;
    private final CandidatePlanner planner;
    private final AttemptRunner runner;
    private final FailureReport report;
    private final int concurrency;
    private final ExecutorService pool;
    private final CapWait capWait;

    FanoutRunner(RoutingTable table, CandidatePlanner planner, AttemptRunner runner, FailureReport report,
                 int concurrency, ExecutorService pool, CapWait capWait) {
        this.capWait = capWait;
        this.table = table;
        this.planner = planner;
        this.runner = runner;
        this.report = report;
        this.concurrency = Math.max(1, concurrency);
        this.pool = pool;
    }

    FanoutOutcome fanout(RouteRequest request, RouteListener listener) {
        List<Attempt> trace = new ArrayList<>();
        List<RouteEntry> routes = new ArrayList<>();
        Optional<String> selectionError = select(request, routes, trace);
        if (selectionError.isPresent()) {
            return new FanoutOutcome(List.of(), trace, selectionError);
        }
        CandidatePlanner.Snapshot snap = planner.snapshot(request);
        List<Step> steps = routes.stream().map(e -> planner.explicit(e, snap)).toList();
        if (steps.stream().allMatch(Step::isSkip)) {
            steps.forEach(s -> trace.add(s.skipped()));
            return new FanoutOutcome(List.of(), trace, Optional.of(report.fanoutError(trace)));
        }
        Run[] runs = new Run[steps.size()];
        List<List<Attempt>> waits = new ArrayList<>();
        steps.forEach(s -> waits.add(Collections.synchronizedList(new ArrayList<>())));
        boolean cancelled = execute(request, steps, listener, runs, waits);
        List<Run> answered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isSkip()) {
                trace.add(steps.get(i).skipped());
            } else if (runs[i] != null) {
                trace.addAll(waits.get(i));
                trace.add(runs[i].attempt());
                if (runs[i].result().isPresent()) {
                    answered.add(runs[i]);
                }
            }
        }
        int finished = answered.size();
        answered.sort(ITEM_ORDER);
        List<FanoutOutcome.Item> items = answered.stream()
                .map(r -> new FanoutOutcome.Item(r.decision(), r.result().orElseThrow())).toList();
        long runnable = steps.stream().filter(s -> !s.isSkip()).count();
        Optional<String> error = cancelled ? Optional.of("Fanout was cancelled; " + finished + " of " + runnable
                + " routes finished.") : Optional.empty();
        return new FanoutOutcome(items, trace, error);
    }

    /** Submits every runnable step under the bound and waits; returns true when interrupted. */
    private boolean execute(RouteRequest request, List<Step> steps, RouteListener listener, Run[] runs,
                            List<List<Attempt>> waits) {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<Run>> futures = new ArrayList<>();
        boolean cancelled = false;
        for (int i = 0; i < steps.size() && !cancelled; i++) {
            Step step = steps.get(i);
            futures.add(null);
            if (step.isSkip()) {
                continue;
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
                continue;
            }
            try {
                List<Attempt> notes = waits.get(i);
                futures.set(i, pool.submit(() -> {
                    try {
                        // No fallback in fanout: a route at its cap waits for its own slot.
                        return capWait.runWaiting(step.entry(), () -> runner.run(request, step, listener), notes);
                    } finally {
                        permits.release();
                    }
                }));
            } catch (RejectedExecutionException e) {
                permits.release();
                runs[i] = failed(step, "the fanout pool refused the task (the server is shutting down)");
            }
        }
        return collect(steps, futures, runs) || cancelled;
    }

    private boolean collect(List<Step> steps, List<Future<Run>> futures, Run[] runs) {
        for (int i = 0; i < futures.size(); i++) {
            Future<Run> future = futures.get(i);
            if (future == null) {
                continue;
            }
            try {
                runs[i] = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> {
                    if (f != null) {
                        f.cancel(true);
                    }
                });
                harvestDone(futures, runs);
                return true;
            } catch (ExecutionException | CancellationException e) {
                runs[i] = failed(steps.get(i), "the fanout task failed: "
                        + (e instanceof ExecutionException ? e.getCause() : e));
            }
        }
        return false;
    }

    private static void harvestDone(List<Future<Run>> futures, Run[] runs) {
        for (int i = 0; i < futures.size(); i++) {
            Future<Run> f = futures.get(i);
            if (runs[i] == null && f != null && f.isDone() && !f.isCancelled()) {
                try {
                    runs[i] = f.get();
                } catch (InterruptedException | ExecutionException e) {
                    // Interrupt status is already set; a failed task has nothing to harvest.
                }
            }
        }
    }

    private static Run failed(Step step, String error) {
        RouteDecision d = step.decision();
        DispatchResult result = DispatchResult.failure(FailureKind.OTHER, error).build();
        Attempt attempt = new Attempt(d.routeId(), d.model(), d.tier(), Attempt.Status.FAILED, FailureKind.OTHER,
                error, Duration.ZERO, d.quotaScore(), Optional.empty());
        return new Run(attempt, Optional.of(result), d);
    }

    /** Fills {@code routes} with the fanout's routes, or returns why there are none. */
    private Optional<String> select(RouteRequest request, List<RouteEntry> routes, List<Attempt> trace) {
        String configured = table.models().isEmpty() ? "(none)" : String.join(", ", table.models());
        if (!request.models().isEmpty()) {
            List<String> known = new ArrayList<>();
            for (String model : new LinkedHashSet<>(request.models())) {
                if (table.hasModel(model)) {
                    known.add(model);
                } else {
                    trace.add(Attempt.note(model, "model \"" + model + "\" has no configured route and was left "
                            + "out of the fanout"));
                }
            }
            if (known.isEmpty()) {
                trace.clear();
                return Optional.of("None of the requested models has any configured route: "
                        + String.join(", ", new LinkedHashSet<>(request.models())) + ". Configured models: " + configured);
            }
            routes.addAll(routesOf(known));
        } else if (!table.mixtureDefault().isEmpty()) {
            routes.addAll(routesOf(table.mixtureDefault()));
            if (routes.isEmpty()) {
                return Optional.of("No candidate routes available for fanout: mixture_default " + table.mixtureDefault()
                        + " names no model with a configured route. Configured models: " + configured);
            }
        } else {
            routes.addAll(table.entries());
        }
        if (routes.isEmpty()) {
            return Optional.of("No candidate routes available for fanout: no routes configured.\n"
                    + FailureReport.DOCTOR_SENTENCE);
        }
        return Optional.empty();
    }

    private List<RouteEntry> routesOf(List<String> models) {
        Map<String, RouteEntry> byId = new LinkedHashMap<>();
        for (String model : models) {
            for (Tier tier : Tier.values()) {
                table.routes(model, tier).forEach(e -> byId.putIfAbsent(e.id(), e));
            }
        }
        return List.copyOf(byId.values());
    }
}
