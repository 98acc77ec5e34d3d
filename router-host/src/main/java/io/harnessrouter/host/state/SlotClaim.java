package io.harnessrouter.host.state;

import java.util.Objects;

/** The answer of {@link StateStore#tryAcquireSlot}: a slot, or the route is at its cap. */
public sealed interface SlotClaim {

    /** A slot was taken; release it with {@link StateStore#releaseSlot} when the dispatch ends. */
    record Granted(DispatchLease lease) implements SlotClaim {
        public Granted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /**
     * Every slot is in use.
     *
     * @param inUse slots held by live processes (may exceed {@code cap} after the cap was lowered)
     * @param cap   the cap asked for
     */
    record Full(int inUse, int cap) implements SlotClaim {
    }
}
