package io.harnessrouter.host.state;

import io.harnessrouter.host.quota.Usage;
import java.time.Instant;

/** One route's usage in one minute starting at {@code minute}. */
public record UsageRow(String routeId, Instant minute, Usage usage) {
}
