package io.harnessrouter.host.status;

import java.util.List;
import java.util.Objects;

/**
 * Why an enabled route cannot be dispatched now, in the few kinds the banner groups by. Every
 * kind carries the full {@link #reason()} status shows for the route.
 */
public sealed interface Blocker {

    /** The reason as the route's status shows it, with what to do. */
    String reason();

    /** No plugin provides the route's harness ({@code harness} as written in the config). */
    record NoPlugin(String harness, String reason) implements Blocker {
        public NoPlugin {
            Objects.requireNonNull(harness, "harness");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The route's values use these unset {@code ${VAR}}s. */
    record UnsetVariables(List<String> names, String reason) implements Blocker {
        public UnsetVariables {
            names = List.copyOf(names);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The shared circuit breaker is open. */
    record BreakerOpen(String reason) implements Blocker {
        public BreakerOpen {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Anything else the route's availability reports: a CLI not on PATH, a plugin that failed, an npm recipe. */
    record Unavailable(String reason) implements Blocker {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
