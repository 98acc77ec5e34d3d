package io.harnessrouter.host.doctor;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.host.status.RouteConnection;
import io.harnessrouter.host.doctor.RouteProbe.Outcome;
import io.harnessrouter.host.routing.RouteEntry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one route {@link DoctorProbe#liveProbePrompt()} through the route's own dispatcher, with
 * the route's own model ({@link RouteSpec#cliModel()}: {@code cli_model_override}, else the model
 * key; the npm tool sent none, its bug B3) and its own environment. The router is bypassed, so
 * nothing is recorded in the state database and no breaker moves. Not thread-safe; one prober
 * serves one report.
 */
final class RouteProber {

    /** Longest error or answer shown for a route. */
    static final int MAX_MESSAGE = 120;

    private final Duration timeout;
    private final ExecutorService pool;

    RouteProber(Duration timeout, ExecutorService pool) {
        this.timeout = timeout;
        this.pool = pool;
    }

    RouteProbe probe(RouteEntry entry, String prompt) {
        RouteSpec spec = entry.spec();
        String via = via(spec);
        Availability availability = entry.availability();
        if (!entry.enabled()) {
            return new RouteProbe(spec.id(), spec.cliModel(), via, Outcome.DISABLED, 0, availability.reason());
        }
        if (!availability.isAvailable() || entry.dispatcher().isEmpty()) {
            // Not cut to length: the reason ends with what to do.
            String reason = availability.reason().strip().lines().findFirst().orElse("unavailable");
            return new RouteProbe(spec.id(), spec.cliModel(), via, Outcome.UNAVAILABLE, 0, reason);
        }
        return dispatch(entry.dispatcher().get(), spec, via, prompt);
    }

    private RouteProbe dispatch(Dispatcher dispatcher, RouteSpec spec, String via, String prompt) {
        DispatchRequest request = DispatchRequest.of(prompt, spec).withTimeout(timeout);
        long started = System.nanoTime();
        Future<DispatchResult> future = pool.submit(() -> dispatcher.dispatch(request, DispatchListener.NONE));
        String failure;
        try {
            DispatchResult result = future.get(timeout.plus(HarnessChecker.GRACE).toMillis(), TimeUnit.MILLISECONDS);
            long millis = elapsed(started);
            if (result != null && result.success() && !result.output().isBlank()) {
                return new RouteProbe(spec.id(), request.model(), via, Outcome.ANSWERED, millis,
                        firstLine(result.output()));
            }
            failure = result == null ? "the " + spec.harnessId() + " dispatcher returned nothing"
                    : result.success() ? "answered with empty output" : result.error();
        } catch (TimeoutException e) {
            future.cancel(true);
            failure = "no answer within " + timeout.plus(HarnessChecker.GRACE).toSeconds() + " s";
        } catch (ExecutionException e) {
            failure = "the " + spec.harnessId() + " plugin failed: " + e.getCause();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        return new RouteProbe(spec.id(), request.model(), via, Outcome.FAILED, elapsed(started), firstLine(failure));
    }

    /** The binary a CLI route runs, else the API base URL without user info, query or fragment. */
    static String via(RouteSpec spec) {
        return RouteConnection.of(spec);
    }

    /** The first non-blank line of {@code text}, stripped, at most {@value #MAX_MESSAGE} characters. */
    static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return "(no error message)";
        }
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
