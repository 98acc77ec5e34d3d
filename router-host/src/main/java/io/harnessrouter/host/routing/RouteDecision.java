package io.harnessrouter.host.routing;

import io.harnessrouter.api.Tier;

/**
 * Why the router picked a route, as the {@code code} response's {@code routing} block shows it.
 *
 * @param model      the model key
 * @param routeId    the route id
 * @param tier       subscription or metered
 * @param quotaScore the route's quota score when picked, 0..1
 * @param reason     {@code model=<m> tier=<t> svc=<id> quota=<0.00> (<n> candidates)}, or
 *                   {@code forced} for {@code hints.service}, {@code explicit} for fanout,
 *                   {@code half-open probe ...} when the attempt was a breaker probe
 */
public record RouteDecision(String model, String routeId, Tier tier, double quotaScore, String reason) {
}
