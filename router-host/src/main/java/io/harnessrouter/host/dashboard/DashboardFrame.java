package io.harnessrouter.host.dashboard;

import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One picture of the router: the status report (routes, quota, breakers, counters, in-flight
 * calls, priority, next pick) and each route's newest attempt. Immutable.
 *
 * @param report       the status as the server would report it now
 * @param statePath    the shared state file it was read from
 * @param lastAttempts each route's newest attempt in the shared history, by route id
 */
public record DashboardFrame(StatusReport report, Path statePath, Map<String, AttemptRecord> lastAttempts) {

    public DashboardFrame {
        lastAttempts = Map.copyOf(lastAttempts);
    }

    public Optional<AttemptRecord> lastAttempt(String routeId) {
        return Optional.ofNullable(lastAttempts.get(routeId));
    }
}
