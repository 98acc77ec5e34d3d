package io.harnessrouter.host.telemetry.otel;

import static io.harnessrouter.host.telemetry.otel.SpanNames.*;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.telemetry.CallOutcome;
import io.harnessrouter.host.telemetry.CallTrace;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * One {@code code} call's spans: {@code harness-router.mcp.tool} (SERVER) → the decision span
 * {@code harness-router.router.route} or {@code .fanout} → one {@code harness-router.dispatcher.dispatch}
 * (CLIENT) per attempt, made by {@link TracingListener}. Parents are set explicitly, so fanout's
 * pool threads need no context propagation. Routes passed over become {@code route.skipped}
 * events on the decision span. Only ids, model keys, tiers, outcomes, failure kinds, durations and
 * token counts are recorded: never the prompt, files, output or error text.
 *
 * <p>Thread-safety: driven by the thread serving the call.
 */
final class OtelCallTrace implements CallTrace {

    private final Tracer tracer;
    private final Span call;
    private final long started = System.nanoTime();
    private Span decision;
    private long decisionStarted;
    private CallOutcome outcome;

    OtelCallTrace(Tracer tracer, String toolName) {
        this.tracer = tracer;
        this.call = tracer.spanBuilder(TOOL).setNoParent().setSpanKind(SpanKind.SERVER)
                .setAttribute(TOOL_NAME, toolName)
                .setAttribute(MCP_METHOD, "tools/call")
                .startSpan();
    }

    @Override
    public void outcome(CallOutcome value) {
        outcome = value;
    }

    @Override
    public RouteListener route(RouteRequest request, boolean fanout, RouteListener progress) {
        call.setAttribute(CODE_MODE, fanout ? "fanout" : "single");
        call.setAttribute(REQUEST_ID, request.requestId());
        SpanBuilder builder = tracer.spanBuilder(fanout ? FANOUT : ROUTE)
                .setParent(Context.root().with(call))
                .setAttribute(ROUTER_OP, fanout ? "fanout" : "route")
                .setAttribute(REQUEST_ID, request.requestId());
        request.hintModel().ifPresent(m -> builder.setAttribute(HINT_MODEL, m));
        request.hintService().ifPresent(s -> builder.setAttribute(HINT_SERVICE, s));
        if (fanout && !request.models().isEmpty()) {
            builder.setAttribute(FANOUT_MODELS, request.models());
        }
        decision = builder.startSpan();
        decisionStarted = System.nanoTime();
        return new TracingListener(tracer, Context.root().with(decision), progress);
    }

    @Override
    public void routed(RouteOutcome routed) {
        if (decision == null) {
            return;
        }
        routed.decision().ifPresent(d -> decision.setAllAttributes(Attributes.builder()
                .put(SERVICE, d.routeId()).put(MODEL, d.model()).put(TIER, d.tier().wireName())
                .put(QUOTA_SCORE, d.quotaScore()).put(REASON, d.reason()).build()));
        routed.result().ifPresent(r -> {
            decision.setAttribute(FAILURE_KIND, r.failureKind().wireName());
            tokens(decision, r);
        });
        decision.setAttribute(SUCCESS, routed.success());
        decision.setAttribute(OUTCOME, routed.success() ? "succeeded" : "failed");
        endDecision(routed.attempts(), routed.success());
        outcome = routed.success() ? CallOutcome.SUCCEEDED : CallOutcome.ROUTES_FAILED;
    }

    @Override
    public void routed(FanoutOutcome fanned) {
        if (decision == null) {
            return;
        }
        long succeeded = fanned.items().stream().filter(i -> i.result().success()).count();
        decision.setAttribute(SUCCEEDED, succeeded);
        decision.setAttribute(SUCCESS, succeeded > 0);
        decision.setAttribute(OUTCOME, succeeded > 0 ? "succeeded" : "failed");
        long input = 0;
        long output = 0;
        for (FanoutOutcome.Item item : fanned.items()) {
            if (item.result().tokenUsage().isPresent()) {
                input += item.result().tokenUsage().get().input();
                output += item.result().tokenUsage().get().output();
            }
        }
        decision.setAttribute(INPUT_TOKENS, input);
        decision.setAttribute(OUTPUT_TOKENS, output);
        endDecision(fanned.attempts(), succeeded > 0);
        outcome = succeeded > 0 ? CallOutcome.SUCCEEDED : CallOutcome.ROUTES_FAILED;
    }

    private void endDecision(List<Attempt> trace, boolean success) {
        long attempts = 0;
        long skipped = 0;
        for (Attempt a : trace) {
            if (a.isNote()) {
                continue;
            }
            if (a.status() == Attempt.Status.SKIPPED) {
                skipped++;
                decision.addEvent(SKIPPED_EVENT, Attributes.builder().put(SERVICE, a.routeId())
                        .put(MODEL, a.model()).put(TIER, a.tier().wireName()).build());
            } else {
                attempts++;
            }
        }
        decision.setAttribute(ATTEMPTS, attempts);
        decision.setAttribute(SKIPPED, skipped);
        decision.setAttribute(DURATION_MS, millisSince(decisionStarted));
        if (!success) {
            decision.setStatus(StatusCode.ERROR, "no route succeeded");
        }
        decision.end();
        decision = null;
    }

    @Override
    public void end() {
        CallOutcome ended = outcome == null ? CallOutcome.FAULT : outcome;
        if (decision != null) {
            // The router threw (a fault of ours): close the decision span too.
            decision.setStatus(StatusCode.ERROR, ended.wireName());
            decision.end();
            decision = null;
        }
        call.setAttribute(OUTCOME, ended.wireName());
        call.setAttribute(DURATION_MS, millisSince(started));
        if (ended != CallOutcome.SUCCEEDED) {
            call.setStatus(StatusCode.ERROR, ended.wireName());
        }
        call.end();
    }

    static void tokens(Span span, DispatchResult result) {
        result.tokenUsage().ifPresent(t -> {
            span.setAttribute(INPUT_TOKENS, t.input());
            span.setAttribute(OUTPUT_TOKENS, t.output());
        });
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
