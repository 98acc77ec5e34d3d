package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import java.util.List;
import java.util.Optional;

/**
 * The end of a fanout: one item per route that ran, sorted successes first, then subscription
 * before metered, then by duration.
 *
 * @param items    one per route run
 * @param attempts the trace: every route run or skipped
 * @param error    why nothing ran (no candidates, unknown models); empty otherwise
 */
public record FanoutOutcome(List<Item> items, List<Attempt> attempts, Optional<String> error) {

    public FanoutOutcome {
        items = List.copyOf(items);
        attempts = List.copyOf(attempts);
        error = error == null ? Optional.empty() : error;
    }

    /** One route's answer. */
    public record Item(RouteDecision decision, DispatchResult result) {
    }
}
