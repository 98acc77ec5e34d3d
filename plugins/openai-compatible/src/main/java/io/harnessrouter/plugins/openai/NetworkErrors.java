package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.FailureKind;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns a failure before any response arrived (refused connection, unknown host, TLS, connect
 * timeout) into a message naming the host and route, never the key. The caller redacts anyway.
 * Stateless and thread-safe.
 */
final class NetworkErrors {

    private NetworkErrors() {
    }

    /**
     * @param cause          what the HTTP client failed with
     * @param host           {@code host[:port]} of the endpoint
     * @param routeId        the route, named in the message
     * @param connectTimeout the connect timeout in force
     * @return the failure; empty when the cause is the request timeout (the caller reports a
     *         {@link FailureKind#TIMEOUT})
     */
    static Optional<HttpErrors.Failure> classify(Throwable cause, String host, String routeId,
            Duration connectTimeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            return cannotConnect(host, routeId, "connect timed out after " + connectTimeout.toMillis() + " ms");
        }
        if (cause instanceof HttpTimeoutException) {
            return Optional.empty();
        }
        if (hasCause(cause, UnresolvedAddressException.class) || hasCause(cause, UnknownHostException.class)) {
            return cannotConnect(host, routeId, "unknown host");
        }
        if (cause instanceof ConnectException) {
            return cannotConnect(host, routeId, cause.getMessage() == null ? "connection refused" : cause.getMessage());
        }
        if (hasCause(cause, SSLException.class)) {
            return failure("TLS with " + host + " failed for route " + routeId + ": " + reason(cause)
                    + " — check that base_url uses the scheme the server speaks");
        }
        return failure("Request to " + host + " for route " + routeId + " failed: " + reason(cause));
    }

    /** The exception's message, else its class name. */
    static String reason(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }

    private static Optional<HttpErrors.Failure> cannotConnect(String host, String routeId, String why) {
        return failure("Could not connect to " + host + " for route " + routeId + ": " + why
                + " — check base_url and that the server is running");
    }

    private static Optional<HttpErrors.Failure> failure(String message) {
        return Optional.of(new HttpErrors.Failure(FailureKind.OTHER, message));
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
