package io.harnessrouter.host.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a session inside the MCP SDK's servlet the one way its public API allows: a {@code DELETE}
 * for that session id, made in-process (no socket) by calling the servlet with a minimal request.
 * The SDK keeps its session map private and sweeps idle sessions only on its own clock, so this
 * is how an expired session's SDK state is freed when {@link SessionTable} expires it.
 */
final class SdkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SdkSessions.class);

    private final HttpServlet servlet;
    private final String endpoint;

    SdkSessions(HttpServlet servlet, String endpoint) {
        this.servlet = servlet;
        this.endpoint = endpoint;
    }

    /** Deletes the SDK's session {@code id}; the status the servlet answered (200, or 404 when it had none). */
    int delete(SessionTable.Entry session) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(McpHttpFilter.SESSION_HEADER, session.id());
        session.protocolVersion().ifPresent(v -> headers.put(McpHttpFilter.PROTOCOL_HEADER, v));
        headers.put("Host", "localhost");
        int[] status = {200};
        try {
            servlet.service(request(headers), response(status));
        } catch (Exception e) {
            LOG.warn("could not end the SDK session {}: {}", session.id(), e.toString());
            return 500;
        }
        return status[0];
    }

    private HttpServletRequest request(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return proxy(HttpServletRequest.class, (m, args) -> switch (m.getName()) {
            case "getMethod" -> "DELETE";
            case "getRequestURI" -> endpoint;
            case "getHeader" -> lower.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
            case "getHeaders" -> Collections.enumeration(
                    lower.containsKey(((String) args[0]).toLowerCase(java.util.Locale.ROOT))
                            ? java.util.List.of(lower.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT)))
                            : java.util.List.of());
            case "getHeaderNames" -> Collections.enumeration(headers.keySet());
            case "getProtocol" -> "HTTP/1.1";
            case "getContentLengthLong" -> -1L;
            case "getContentLength" -> -1;
            default -> null;
        });
    }

    private static HttpServletResponse response(int[] status) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
        return proxy(HttpServletResponse.class, (m, args) -> {
            switch (m.getName()) {
                case "setStatus", "sendError" -> status[0] = (Integer) args[0];
                case "getWriter" -> {
                    return nowhere;
                }
                case "getStatus" -> {
                    return status[0];
                }
                default -> {
                }
            }
            return null;
        });
    }

    private interface Handler {
        Object answer(Method m, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        Object p = Proxy.newProxyInstance(SdkSessions.class.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> type.getSimpleName() + " for an expired session";
                };
            }
            Object v = handler.answer(m, args);
            Class<?> r = m.getReturnType();
            if (v == null && r.isPrimitive() && r != void.class) {
                return r == boolean.class ? Boolean.FALSE : r == long.class ? (Object) 0L : (Object) 0;
            }
            return v;
        });
        return type.cast(p);
    }
}
