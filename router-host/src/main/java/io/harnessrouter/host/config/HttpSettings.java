package io.harnessrouter.host.config;

import java.util.Optional;

/**
 * The {@code http:} block, kept for the streamable HTTP transport (a later issue). A bind address
 * other than loopback forces {@code authRequired}.
 *
 * @param bind         {@code bind} (127.0.0.1)
 * @param port         {@code port} (8765)
 * @param authRequired {@code auth.required}
 * @param tokenFile    {@code auth.token_file}
 */
public record HttpSettings(String bind, int port, boolean authRequired, Optional<String> tokenFile) {

    public static final HttpSettings DEFAULTS = new HttpSettings("127.0.0.1", 8765, false, Optional.empty());
}
