package io.harnessrouter.host.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.mcp.McpSurface;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code serve} checks before the MCP SDK's servlet sees a request, in this order:
 * the path ({@code /mcp} only, else 404, before auth as the npm tool does), the method (POST, GET,
 * DELETE, else 405), {@code Host} (421) and {@code Origin} (403, see {@link HostPolicy}), the
 * bearer token (401 with {@code WWW-Authenticate}), shutdown (503), the body size (413), the
 * session (404 when unknown or expired), the session limit on {@code initialize} (503) and the
 * per-session limit on {@code tools/call} (429). Refusals of MCP messages carry a JSON-RPC error
 * body saying which limit and how to change it.
 *
 * <p>It also gives {@code tools/call} cancellation, which the SDK lacks: each call is tagged in
 * {@code _meta} with {@code <session> <id>}, and a {@code notifications/cancelled} is answered
 * here (202) by cancelling that key (the CLI tree is killed, the call answers "cancelled").
 *
 * <p>Thread-safe.
 */
final class McpHttpFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpFilter.class);
    static final String SESSION_HEADER = "mcp-session-id";
    static final String PROTOCOL_HEADER = "mcp-protocol-version";
    private static final int REFUSED = -32000;

    private final String endpoint;
    private final HostPolicy hosts;
    private final Optional<BearerAuth> auth;
    private final SessionTable sessions;
    private final McpSurface surface;
    private final ObjectMapper mapper;
    private volatile boolean closing;

    /** @param auth the token check, or empty when loopback clients need none and no other can connect */
    McpHttpFilter(String endpoint, HostPolicy hosts, Optional<BearerAuth> auth, SessionTable sessions,
            McpSurface surface, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.hosts = hosts;
        this.auth = auth;
        this.sessions = sessions;
        this.surface = surface;
        this.mapper = mapper;
    }

    /** From now on every request is refused with 503. */
    void close() {
        closing = true;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String method = request.getMethod();
        if (!endpoint.equals(request.getRequestURI())) {
            text(response, 404, "not found");
            return;
        }
        if (!method.equals("POST") && !method.equals("GET") && !method.equals("DELETE")) {
            response.setHeader("Allow", "POST, GET, DELETE");
            text(response, 405, "method not allowed: " + endpoint + " takes POST, GET and DELETE");
            return;
        }
        String host = request.getHeader("Host");
        if (!hosts.hostAllowed(host)) {
            LOG.warn("refused a request with Host {} (DNS rebinding?) from {}", quote(host), request.getRemoteAddr());
            text(response, 421, "misdirected request: Host " + quote(host) + " is not this server; accepted host names: "
                    + String.join(", ", hosts.names()));
            return;
        }
        String origin = request.getHeader("Origin");
        if (!hosts.originAllowed(origin)) {
            LOG.warn("refused a cross-origin request from Origin {} ({})", quote(origin), request.getRemoteAddr());
            text(response, 403, "forbidden: Origin " + quote(origin) + " is not this server's");
            return;
        }
        boolean authorized = auth.isPresent() ? auth.get().accepts(request.getHeader("Authorization"))
                : loopback(request.getRemoteAddr());
        if (!authorized) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"harness-router\"");
            text(response, 401, "unauthorized");
            return;
        }
        if (closing) {
            rpcError(response, 503, null, "harness-router is shutting down");
            return;
        }
        String sessionId = request.getHeader(SESSION_HEADER);
        Optional<SessionTable.Entry> session = Optional.empty();
        if (sessionId != null && !sessionId.isBlank()) {
            session = sessions.get(sessionId);
            if (session.isEmpty()) {
                rpcError(response, 404, null, "session " + sessionId + " is not open (it was ended, or expired after "
                        + sessions.limits().idleSession().toSeconds() + " s idle); send initialize to start a new one");
                return;
            }
            session.get().protocolVersion(request.getHeader(PROTOCOL_HEADER));
        }
        if (method.equals("POST")) {
            post(request, response, chain, session);
        } else {
            withSession(request, response, chain, session, () -> { });
            if (method.equals("DELETE") && response.getStatus() == 200 && session.isPresent()) {
                sessions.remove(session.get().id());
            }
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Optional<SessionTable.Entry> session) throws IOException, ServletException {
        int max = sessions.limits().maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            tooLarge(response, request.getContentLengthLong() + " bytes");
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), max);
        if (body == null) {
            tooLarge(response, "more bytes");
            return;
        }
        JsonNode message;
        try {
            message = mapper.readTree(body);
        } catch (IOException e) {
            message = null; // not JSON: the SDK answers it with its own 400
        }
        String rpcMethod = message != null && message.path("method").isTextual() ? message.get("method").textValue() : "";
        JsonNode id = message == null ? null : message.get("id");
        if (rpcMethod.equals("initialize") && id != null) {
            initialize(new BodyRequest(request, body), response, chain, id);
            return;
        }
        if (session.isEmpty()) {
            chain.doFilter(new BodyRequest(request, body), response); // the SDK says which header is missing
            return;
        }
        SessionTable.Entry entry = session.get();
        if (rpcMethod.equals("notifications/cancelled") && id == null) {
            cancel(entry, message.path("params"));
            sessions.open(entry);
            sessions.close(entry);
            response.setStatus(202);
            return;
        }
        if (rpcMethod.equals("tools/call") && id != null && message.get("params") instanceof ObjectNode params) {
            if (!sessions.startCall(entry)) {
                response.setHeader("Retry-After", "1");
                rpcError(response, 429, id, "this session already has " + sessions.limits().maxCallsPerSession()
                        + " tools/call in flight (http.limits.max_calls_per_session); wait for one to finish");
                return;
            }
            JsonNode meta = params.get("_meta");
            ObjectNode metaObj = meta instanceof ObjectNode o ? o : params.putObject("_meta");
            metaObj.put(McpSurface.REQUEST_KEY_META, callKey(entry, id));
            withSession(new BodyRequest(request, mapper.writeValueAsBytes(message)), response, chain, session,
                    () -> sessions.endCall(entry));
            return;
        }
        withSession(new BodyRequest(request, body), response, chain, session, () -> { });
    }

    private void initialize(HttpServletRequest request, HttpServletResponse response, FilterChain chain, JsonNode id)
            throws IOException, ServletException {
        if (!sessions.reserve()) {
            rpcError(response, 503, id, "harness-router serve already has " + sessions.limits().maxSessions()
                    + " MCP sessions open (http.limits.max_sessions); end one with DELETE /mcp, or wait for idle ones to"
                    + " expire after " + sessions.limits().idleSession().toSeconds() + " s");
            return;
        }
        Optional<String> created = Optional.empty();
        try {
            chain.doFilter(request, response);
            created = Optional.ofNullable(response.getHeader(SESSION_HEADER));
        } finally {
            sessions.settle(created);
        }
    }

    /**
     * Runs the SDK with the session marked busy until the response ends: at once for a plain
     * response, when the async stream completes for SSE (a GET stream stays open for long).
     */
    private void withSession(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Optional<SessionTable.Entry> session, Runnable after) throws IOException, ServletException {
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                after.run();
                session.ifPresent(sessions::close);
            }
        };
        session.ifPresent(sessions::open);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                try {
                    request.getAsyncContext().addListener(new EndListener(end));
                    async = true;
                } catch (IllegalStateException e) {
                    // Already completed: end now.
                }
            }
        } finally {
            if (!async) {
                end.run();
            }
        }
    }

    private void cancel(SessionTable.Entry entry, JsonNode params) {
        JsonNode requestId = params.get("requestId");
        if (requestId != null && (requestId.isTextual() || requestId.isIntegralNumber())) {
            LOG.info("request {} of session {} cancelled by the client", requestId, entry.id());
            surface.cancel(callKey(entry, requestId));
        } else {
            LOG.warn("dropped a notifications/cancelled without a usable requestId");
        }
    }

    private String callKey(SessionTable.Entry entry, JsonNode id) {
        return entry.id() + " " + McpSurface.requestKey(id.isTextual() ? id.textValue() : (Object) id.asLong());
    }

    private void tooLarge(HttpServletResponse response, String size) throws IOException {
        rpcError(response, 413, null, "request body of " + size + " is over the " + sessions.limits().maxBodyBytes()
                + "-byte limit (http.limits.max_body_bytes)");
    }

    /** The body, or null when it is longer than {@code max} bytes. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max);
        return in.read() == -1 ? bytes : null;
    }

    private void rpcError(HttpServletResponse response, int status, JsonNode id, String message) throws IOException {
        ObjectNode err = mapper.createObjectNode();
        err.put("jsonrpc", "2.0");
        err.set("id", id == null ? mapper.nullNode() : id);
        err.putObject("error").put("code", REFUSED).put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(err));
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String header) {
        return header == null ? "(none)" : "\"" + header.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    /** Whether a client's address is loopback (an IP literal: no name is looked up). */
    static boolean loopback(String remoteAddr) {
        try {
            return InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private record EndListener(Runnable end) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            end.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            end.run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
