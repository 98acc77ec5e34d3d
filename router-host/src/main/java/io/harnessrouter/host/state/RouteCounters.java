package io.harnessrouter.host.state;

/**
 * Lifetime totals of one route across every process that shares the state file.
 *
 * @param routeId    the route id
 * @param calls      attempts dispatched
 * @param successes  attempts that succeeded
 * @param failures   attempts that failed (rate limits included)
 * @param rateLimits attempts that failed because the route had no capacity
 */
public record RouteCounters(String routeId, long calls, long successes, long failures, long rateLimits) {

    public static RouteCounters zero(String routeId) {
        return new RouteCounters(routeId, 0, 0, 0, 0);
    }
}
