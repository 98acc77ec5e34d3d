package io.harnessrouter.host.telemetry.otel;

import static io.harnessrouter.host.telemetry.otel.SpanNames.*;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteListener;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a dispatch span under the decision span as each attempt starts and closes it when the
 * attempt ends, then hands every call on to the progress listener. An attempt starts and ends on
 * one thread and a route runs at most once at a time within a call, so open spans are keyed by
 * route id (fanout runs its routes on several threads at once).
 *
 * <p>Thread-safety: safe for fanout's concurrent attempts.
 */
final class TracingListener implements RouteListener {

    private final Tracer tracer;
    private final Context parent;
    private final RouteListener progress;
    private final Map<String, Span> open = new ConcurrentHashMap<>();

    TracingListener(Tracer tracer, Context parent, RouteListener progress) {
        this.tracer = tracer;
        this.parent = parent;
        this.progress = progress;
    }

    @Override
    public void onAttemptStart(RouteDecision decision) {
        Span span = tracer.spanBuilder(DISPATCH).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(DISPATCHER_ID, decision.routeId())
                .setAttribute(SERVICE, decision.routeId())
                .setAttribute(MODEL, decision.model())
                .setAttribute(TIER, decision.tier().wireName())
                .setAttribute(QUOTA_SCORE, decision.quotaScore())
                .setAttribute(REASON, decision.reason())
                .startSpan();
        Span stale = open.put(decision.routeId(), span);
        if (stale != null) {
            stale.end();
        }
        progress.onAttemptStart(decision);
    }

    @Override
    public void onEvent(String routeId, DispatchEvent event) {
        progress.onEvent(routeId, event);
    }

    @Override
    public void onAttemptEnd(Attempt attempt) {
        end(attempt, null);
        progress.onAttemptEnd(attempt);
    }

    @Override
    public void onAttemptEnd(Attempt attempt, DispatchResult result) {
        end(attempt, result);
        progress.onAttemptEnd(attempt, result);
    }

    private void end(Attempt attempt, DispatchResult result) {
        Span span = open.remove(attempt.routeId());
        if (span == null) {
            return;
        }
        boolean success = attempt.status() == Attempt.Status.SUCCEEDED;
        span.setAttribute(SUCCESS, success);
        span.setAttribute(OUTCOME, attempt.status().wireName());
        span.setAttribute(FAILURE_KIND, attempt.kind().wireName());
        span.setAttribute(DURATION_MS, attempt.duration().toMillis());
        if (result != null) {
            span.setAttribute(RATE_LIMITED, result.rateLimited());
            result.exitCode().ifPresent(code -> span.setAttribute(EXIT_CODE, (long) code));
            OtelCallTrace.tokens(span, result);
        }
        if (!success) {
            span.setStatus(StatusCode.ERROR, attempt.kind().wireName());
        }
        span.end();
    }
}
