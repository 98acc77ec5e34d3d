package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.FailureKind;
import java.io.EOFException;
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

    /**
     * True when the exchange failed because the server closed (or reset) the connection before
     * sending a single byte of the response: typically a pooled keep-alive connection the server
     * had already closed when our request went out. The JDK reports it as
     * {@code HTTP/1.1 header parser received no bytes} (caused by an EOF or a reset); a write
     * into a closed connection fails with a reset or a broken pipe. Such a request was never
     * processed, so sending it again on a new connection is safe. A connection that never opened
     * (refused, unknown host, connect timeout, TLS) and a response that had begun
     * ({@code parsing HTTP/1.1 ...}) are not this case. Call it only when no response headers
     * arrived.
     */
    static boolean closedBeforeAnyResponse(Throwable cause) {
        if (cause instanceof HttpTimeoutException || hasCause(cause, ConnectException.class)
                || hasCause(cause, SSLException.class) || hasCause(cause, UnresolvedAddressException.class)
                || hasCause(cause, UnknownHostException.class)) {
            return false;
        }
        boolean closed = false;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            String msg = c.getMessage() == null ? "" : c.getMessage();
            if (msg.startsWith("parsing HTTP")) {
                return false; // part of a status line or header arrived: the server had begun to answer
            }
            closed |= msg.contains("received no bytes") || c instanceof EOFException
                    || msg.startsWith("Connection reset") || msg.startsWith("Broken pipe");
        }
        return closed;
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
