package io.harnessrouter.host.mcp;

import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import java.time.Duration;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.telemetry.Telemetry;

/**
 * What the MCP front door needs from the application: the current router and a status report.
 * The application loads plugins, config and state in the background; both methods wait for that
 * load (the {@code initialize} handshake does not).
 *
 * <p>Thread-safety: implementations are called concurrently from tool and resource handlers.
 */
public interface RoutingService {

    /**
     * The router for the current configuration, reloading it first if the file changed.
     *
     * @throws RoutingUnavailableException when no usable configuration exists; the message says
     *         what is wrong and what to do (it becomes the tool's error text)
     * @throws InterruptedException when the caller was cancelled while waiting for the load
     */
    Router router() throws InterruptedException;

    /** Routes, counters, quota, breakers and availability for the status resources. */
    StatusReport status() throws InterruptedException;

    /** Tracing for tool calls; {@link Telemetry#OFF} unless the OpenTelemetry variables turn it on. */
    default Telemetry telemetry() {
        return Telemetry.OFF;
    }

    /**
     * Records what the router decided for one single-mode call, for {@code harness-router why}.
     * Never throws: a failing store is logged. The default records nothing (a service with no
     * shared state).
     *
     * @param origin which front door made the call ({@code mcp}, {@code route})
     * @param took   the call's wall time
     */
    default void recordDecision(String origin, RouteRequest request, RouteOutcome outcome, Duration took) {
    }

    /** As {@link #recordDecision(String, RouteRequest, RouteOutcome, Duration)}, for a fanout call. */
    default void recordDecision(String origin, RouteRequest request, FanoutOutcome outcome, Duration took) {
    }

    /** No usable configuration; the message is for the user. */
    final class RoutingUnavailableException extends io.harnessrouter.api.HarnessRouterException {
        private static final long serialVersionUID = 1L;

        public RoutingUnavailableException(String message) {
            super(message);
        }
    }
}
