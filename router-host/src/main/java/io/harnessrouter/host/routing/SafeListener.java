package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a caller's {@link RouteListener} so that an exception it throws is logged and dropped:
 * a broken progress channel must never break routing.
 *
 * <p>Thread-safety: as safe as the wrapped listener (which the contract requires to be).
 */
final class SafeListener implements RouteListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final RouteListener delegate;

    SafeListener(RouteListener delegate) {
        this.delegate = delegate == null ? RouteListener.NONE : delegate;
    }

    @Override
    public void onAttemptStart(RouteDecision decision) {
        try {
            delegate.onAttemptStart(decision);
        } catch (RuntimeException e) {
            dropped("onAttemptStart", decision.routeId(), e);
        }
    }

    @Override
    public void onEvent(String routeId, DispatchEvent event) {
        try {
            delegate.onEvent(routeId, event);
        } catch (RuntimeException e) {
            dropped("onEvent", routeId, e);
        }
    }

    @Override
    public void onAttemptEnd(Attempt attempt) {
        try {
            delegate.onAttemptEnd(attempt);
        } catch (RuntimeException e) {
            dropped("onAttemptEnd", attempt.routeId(), e);
        }
    }

    @Override
    public void onAttemptEnd(Attempt attempt, DispatchResult result) {
        try {
            delegate.onAttemptEnd(attempt, result);
        } catch (RuntimeException e) {
            dropped("onAttemptEnd", attempt.routeId(), e);
        }
    }

    private static void dropped(String method, String routeId, RuntimeException e) {
        LOG.debug("Route listener {} threw for route {}; ignored", method, Objects.toString(routeId), e);
    }
}
