package io.harnessrouter.host.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A running child process (a CLI a dispatch started) as the state file records it, so a later
 * harness-router process can reap it if its owner was killed.
 *
 * @param child     the child: pid and start instant (always known: children whose start the
 *                  platform cannot tell are not recorded, as they could never be reaped safely)
 * @param owner     the harness-router process that started it
 * @param routeId   the route it runs for, when known
 * @param startedAt when it was recorded
 */
public record ChildRecord(ProcessIdentity child, ProcessIdentity owner, Optional<String> routeId, Instant startedAt) {

    public ChildRecord {
        Objects.requireNonNull(child, "child");
        if (child.start().isEmpty()) {
            throw new IllegalArgumentException("a recorded child needs its start instant: pid " + child.pid());
        }
        Objects.requireNonNull(owner, "owner");
        routeId = routeId == null ? Optional.empty() : routeId;
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
