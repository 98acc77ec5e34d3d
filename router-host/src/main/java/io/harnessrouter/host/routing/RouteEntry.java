package io.harnessrouter.host.routing;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.host.quota.QuotaPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One route the router knows: its spec, whether it is enabled, and the dispatcher and quota parser
 * its harness plugin made for it (absent when no plugin serves the harness).
 *
 * @param spec              the route as the plugin sees it
 * @param enabled           {@code enabled:} from the config
 * @param dispatcher        the plugin's dispatcher, absent when the harness is unknown or its
 *                          plugin failed
 * @param quotaParser       the harness's quota parser
 * @param unavailableReason why the route cannot be used although configured (unknown harness,
 *                          failed plugin, npm-only recipe)
 * @param maxConcurrent     the route's own {@code max_concurrent}, when set; else the tier's
 *                          default from the {@code routing:} block applies
 * @param quota             the route's {@code quota:} windows, {@code quota_group} and threshold
 */
public record RouteEntry(
        RouteSpec spec,
        boolean enabled,
        Optional<Dispatcher> dispatcher,
        QuotaHeaderParser quotaParser,
        Optional<String> unavailableReason,
        OptionalInt maxConcurrent,
        QuotaPolicy quota) {

    public RouteEntry {
        Objects.requireNonNull(spec, "spec");
        dispatcher = dispatcher == null ? Optional.empty() : dispatcher;
        quotaParser = quotaParser == null ? QuotaHeaderParser.NONE : quotaParser;
        unavailableReason = unavailableReason == null ? Optional.empty() : unavailableReason;
        maxConcurrent = maxConcurrent == null ? OptionalInt.empty() : maxConcurrent;
        quota = quota == null ? QuotaPolicy.NONE : quota;
    }

    /** A route without quota settings. */
    public RouteEntry(RouteSpec spec, boolean enabled, Optional<Dispatcher> dispatcher, QuotaHeaderParser quotaParser,
                      Optional<String> unavailableReason, OptionalInt maxConcurrent) {
        this(spec, enabled, dispatcher, quotaParser, unavailableReason, maxConcurrent, QuotaPolicy.NONE);
    }

    /** A route without its own {@code max_concurrent}. */
    public RouteEntry(RouteSpec spec, boolean enabled, Optional<Dispatcher> dispatcher, QuotaHeaderParser quotaParser,
                      Optional<String> unavailableReason) {
        this(spec, enabled, dispatcher, quotaParser, unavailableReason, OptionalInt.empty(), QuotaPolicy.NONE);
    }

    public String id() {
        return spec.id();
    }

    /** Whether the route may be dispatched now, breaker aside, and why not. */
    public Availability availability() {
        if (!enabled) {
            return Availability.unavailable("disabled in config (enabled: false)");
        }
        if (unavailableReason.isPresent()) {
            return Availability.unavailable(unavailableReason.get());
        }
        if (dispatcher.isEmpty()) {
            return Availability.unavailable("no plugin provides harness '" + spec.harnessId() + "'");
        }
        return dispatcher.get().availability();
    }
}
