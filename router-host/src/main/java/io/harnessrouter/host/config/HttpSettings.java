package io.harnessrouter.host.config;

import java.util.Optional;

/**
 * The {@code http:} block, read by {@code harness-router serve} at start (flags win over it). A
 * bind address other than loopback forces {@code authRequired}.
 *
 * @param bind         {@code bind} (127.0.0.1)
 * @param port         {@code port} (8765)
 * @param authRequired {@code auth.required}: bearer auth for loopback clients too
 * @param tokenFile    {@code auth.token_file} (default {@code ~/.harness-router/auth.token})
 * @param limits       {@code limits:}
 */
public record HttpSettings(String bind, int port, boolean authRequired, Optional<String> tokenFile, HttpLimits limits) {

    public static final HttpSettings DEFAULTS = new HttpSettings("127.0.0.1", 8765, false, Optional.empty());

    public HttpSettings {
        limits = limits == null ? HttpLimits.DEFAULTS : limits;
    }

    /** With the default limits. */
    public HttpSettings(String bind, int port, boolean authRequired, Optional<String> tokenFile) {
        this(bind, port, authRequired, tokenFile, HttpLimits.DEFAULTS);
    }
}
