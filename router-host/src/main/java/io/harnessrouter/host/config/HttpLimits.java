package io.harnessrouter.host.config;

import java.time.Duration;

/**
 * The {@code http.limits:} block: what one {@code serve} process accepts before it refuses, so a
 * server on a network cannot be made to hold unbounded memory, sessions or CLI processes.
 *
 * @param maxBodyBytes       {@code max_body_bytes} (16 MiB, the stdio transport's line cap): a
 *                           bigger POST body is refused with 413
 * @param maxSessions        {@code max_sessions} (32): an {@code initialize} past it is refused with 503
 * @param idleSession        {@code idle_session_seconds} (1800): a session with no request and no
 *                           open stream for this long is closed; its id then gets 404
 * @param maxCallsPerSession {@code max_calls_per_session} (8): {@code tools/call}s one MCP session
 *                           (one client) may have in flight; one more is refused with 429
 */
public record HttpLimits(int maxBodyBytes, int maxSessions, Duration idleSession, int maxCallsPerSession) {

    public static final HttpLimits DEFAULTS = new HttpLimits(16 * 1024 * 1024, 32, Duration.ofMinutes(30), 8);
}
