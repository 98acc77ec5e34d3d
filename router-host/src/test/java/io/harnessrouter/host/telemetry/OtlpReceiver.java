package io.harnessrouter.host.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} with an
 * {@code application/x-protobuf} body, answers 200, and decodes the protobuf far enough to list
 * the span names (ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) →
 * ScopeSpans.spans(2) → Span.name(5)). Anything else is answered 404 or 415 and recorded.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> spanNames = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final StringBuilder bodies = new StringBuilder();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                synchronized (bodies) {
                    bodies.append(new String(bytes, StandardCharsets.ISO_8859_1));
                }
                String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
                String what = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                int status;
                if (!what.equals("POST /v1/traces")) {
                    status = 404;
                } else if (!type.equals("application/x-protobuf")) {
                    status = 415;
                } else {
                    List<String> names = new ArrayList<>();
                    for (byte[] resourceSpans : fields(bytes, 1)) {
                        for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                            for (byte[] span : fields(scopeSpans, 2)) {
                                fields(span, 5).forEach(n -> names.add(new String(n, StandardCharsets.UTF_8)));
                            }
                        }
                    }
                    synchronized (spanNames) {
                        spanNames.addAll(names);
                    }
                    status = 200;
                }
                if (status != 200) {
                    synchronized (refused) {
                        refused.add(what + " " + type);
                    }
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> spanNames() {
        synchronized (spanNames) {
            return List.copyOf(spanNames);
        }
    }

    /** Every request body received, bytes as ISO-8859-1 characters (for "contains" checks). */
    String bodies() {
        synchronized (bodies) {
            return bodies.toString();
        }
    }

    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** The length-delimited values of field {@code number} in one protobuf message. */
    static List<byte[]> fields(byte[] message, int number) {
        List<byte[]> found = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            long key = varint(message, pos);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> varint(message, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int length = (int) varint(message, pos);
                    if ((key >>> 3) == number) {
                        found.add(java.util.Arrays.copyOfRange(message, pos[0], pos[0] + length));
                    }
                    pos[0] += length;
                }
                default -> throw new IllegalArgumentException("unexpected protobuf wire type " + wireType);
            }
        }
        return found;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = b[pos[0]++];
            value |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
