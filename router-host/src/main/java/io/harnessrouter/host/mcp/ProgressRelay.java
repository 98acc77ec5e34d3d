package io.harnessrouter.host.mcp;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteListener;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns routing events into {@code notifications/progress} for a call that carried
 * {@code _meta.progressToken}, in the npm tool's shape: {@code message} =
 * {@code [<route id>] <type>: <detail>} (detail cut to 60 characters), {@code _meta} =
 * {@code {event, service}}, {@code progress} counting 1, 2, 3... Sending errors are dropped: a
 * client that went away must not fail the routing.
 *
 * <p>Thread-safe (fanout reports from several threads).
 */
final class ProgressRelay implements RouteListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);
    private static final int DETAIL_MAX = 60;

    private final McpSyncServerExchange exchange;
    private final Object token;
    private final AtomicInteger counter = new AtomicInteger();

    private ProgressRelay(McpSyncServerExchange exchange, Object token) {
        this.exchange = exchange;
        this.token = token;
    }

    /** A relay when the request asked for progress, else {@link RouteListener#NONE}. */
    static RouteListener forRequest(McpSyncServerExchange exchange, CallToolRequest request) {
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        if (exchange == null || token == null) {
            return RouteListener.NONE;
        }
        return new ProgressRelay(exchange, token);
    }

    @Override
    public void onAttemptStart(RouteDecision d) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "attempt");
        event.put("model", d.model());
        event.put("tier", d.tier().wireName());
        event.put("reason", d.reason());
        send(d.routeId(), "attempt", d.reason(), event);
    }

    @Override
    public void onEvent(String routeId, DispatchEvent e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", e.type());
        String detail;
        if (e instanceof DispatchEvent.Text t) {
            event.put("chunk", t.chunk());
            detail = t.chunk();
        } else if (e instanceof DispatchEvent.Stderr s) {
            event.put("chunk", s.chunk());
            detail = s.chunk();
        } else if (e instanceof DispatchEvent.Thinking th) {
            event.put("chunk", th.chunk());
            detail = th.chunk();
        } else if (e instanceof DispatchEvent.ToolUse tu) {
            event.put("name", tu.name());
            event.put("input", tu.inputJson());
            detail = tu.name();
        } else if (e instanceof DispatchEvent.ToolResult tr) {
            event.put("name", tr.toolName());
            event.put("output", tr.output());
            event.put("isError", tr.isError());
            String head = (tr.toolName().isEmpty() ? "" : tr.toolName() + " ") + (tr.isError() ? "failed" : "ok");
            detail = tr.output().isBlank() ? head : head + ": " + tr.output();
        } else {
            // An event a later API added: relayed with its type, and no detail we cannot know.
            detail = "";
        }
        send(routeId, e.type(), detail, event);
    }

    @Override
    public void onAttemptEnd(Attempt a) {
        if (a.status() == Attempt.Status.SKIPPED || a.isNote()) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "completion");
        event.put("success", a.status() == Attempt.Status.SUCCEEDED);
        event.put("durationMs", a.duration().toMillis());
        String detail = a.status() == Attempt.Status.SUCCEEDED ? "ok" : "fail: " + a.detail();
        send(a.routeId(), "completion", detail, event);
    }

    private void send(String routeId, String type, String detail, Map<String, Object> event) {
        String d = detail.replace('\n', ' ').strip();
        if (d.length() > DETAIL_MAX) {
            d = d.substring(0, DETAIL_MAX) + "...";
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("event", event);
        meta.put("service", routeId);
        try {
            exchange.progressNotification(new ProgressNotification(token,
                    (double) counter.incrementAndGet(), null, "[" + routeId + "] " + type + ": " + d, meta));
        } catch (RuntimeException ex) {
            LOG.debug("progress notification dropped: {}", ex.toString());
        }
    }
}
