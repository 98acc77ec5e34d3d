package io.harnessrouter.host.status;

import io.harnessrouter.api.RouteSpec;
import java.net.URI;

/**
 * How a route is reached, for people to read: the command a CLI route runs, or the base URL of an
 * HTTP route without user info, query or fragment (a key pasted into a URL must not reach status
 * output, logs or the doctor report).
 */
public final class RouteConnection {

    private RouteConnection() {
    }

    public static String of(RouteSpec spec) {
        if (spec.command().isPresent()) {
            return spec.command().get();
        }
        return spec.baseUrl().map(RouteConnection::withoutCredentials).orElse(spec.harnessId());
    }

    static String withoutCredentials(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return uri.getScheme() == null ? "(base_url)" : uri.getScheme() + ":…";
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }
}
