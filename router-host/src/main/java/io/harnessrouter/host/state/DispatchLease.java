package io.harnessrouter.host.state;

import java.util.Objects;

/**
 * One dispatch slot of a route, held from just before a dispatch until it ended; given back with
 * {@link StateStore#releaseSlot}. A slot of a process that died is reclaimed by the next
 * {@link StateStore#tryAcquireSlot} on that route in any process.
 *
 * @param routeId the route
 * @param id      the lease, unique within the store
 */
public record DispatchLease(String routeId, long id) {

    public DispatchLease {
        Objects.requireNonNull(routeId, "routeId");
    }
}
