package io.harnessrouter.host.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Assigns route ids for one model exactly as the npm tool does: {@code <model>::<routeKey>}, the
 * second use of a route key gets {@code #1}, the third {@code #2}, ... Subscription routes are
 * assigned first, then metered ones, all sharing this one seen-set. Not thread-safe: one instance
 * per model per load.
 */
final class RouteIds {
    static final String SEPARATOR = "::";

    private final String model;
    private final Set<String> seen = new HashSet<>();

    RouteIds(String model) {
        this.model = model;
    }

    /** The id for the next route with this key. */
    String assign(String routeKey) {
        String key = routeKey;
        int n = 1;
        while (!seen.add(key)) {
            key = routeKey + "#" + n++;
        }
        return model + SEPARATOR + key;
    }

    /**
     * The route key of a metered route: the URL host, plus {@code :port} only when the port is
     * written and is not the scheme's default (WHATWG {@code URL.host}, as the npm tool uses).
     */
    static String hostKey(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        int defaultPort = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return port < 0 || port == defaultPort ? host : host + ":" + port;
    }

    /** {@code text} as an absolute http or https URL with a host, or empty. */
    static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            return http && uri.getHost() != null && !uri.getHost().isEmpty() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
