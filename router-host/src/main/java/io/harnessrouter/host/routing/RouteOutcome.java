package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The end of a single-mode walk.
 *
 * @param result   the successful result, or the last attempt's failed result; empty when no
 *                 route could be attempted at all
 * @param decision the decision behind {@code result}
 * @param attempts every route tried or skipped, in order
 * @param error    when nothing succeeded: what happened on each route and what to do next;
 *                 empty on success
 * @param retryAt  when nothing succeeded: the earliest time a route is expected back, if known
 */
public record RouteOutcome(
        Optional<DispatchResult> result,
        Optional<RouteDecision> decision,
        List<Attempt> attempts,
        String error,
        Optional<Instant> retryAt) {

    public RouteOutcome {
        result = result == null ? Optional.empty() : result;
        decision = decision == null ? Optional.empty() : decision;
        attempts = List.copyOf(attempts);
        error = error == null ? "" : error;
        retryAt = retryAt == null ? Optional.empty() : retryAt;
    }

    public boolean success() {
        return result.map(DispatchResult::success).orElse(false);
    }
}
