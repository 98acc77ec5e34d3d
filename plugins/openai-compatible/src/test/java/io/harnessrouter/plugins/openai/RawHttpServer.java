package io.harnessrouter.plugins.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP/1.1 server on a raw {@link ServerSocket} ({@code 127.0.0.1}, random port)
 * that can do what {@code com.sun.net.httpserver} cannot: read a request and close the connection
 * without a byte of answer, or close it after part of a status line. A {@link Policy} decides per
 * request; an answer is a JSON chat completion with {@code content} {@code "answer <n>"}, where
 * {@code n} counts requests from 1, and the connection stays open for the next request.
 *
 * <p>Thread-safe: one thread per connection; the counters may be read from any thread.
 */
final class RawHttpServer implements AutoCloseable {

    /** What to do with one request. */
    enum Action {
        /** A 200 JSON completion; the connection stays open. */
        ANSWER,
        /** Close the connection without sending anything. */
        CLOSE_WITHOUT_ANSWER,
        /** Send half a status line, then close. */
        CLOSE_AFTER_PART_OF_THE_STATUS_LINE
    }

    /** Chooses the action for a request. */
    interface Policy {
        /**
         * @param request      the request's number, counted from 1 over all connections
         * @param connection   its connection's number, counted from 1
         * @param onConnection the request's number on its connection, counted from 1
         */
        Action on(int request, int connection, int onConnection) throws InterruptedException;
    }

    private final ServerSocket socket;
    private final Policy policy;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> open = new ArrayList<>();

    private RawHttpServer(ServerSocket socket, Policy policy) {
        this.socket = socket;
        this.policy = policy;
    }

    static RawHttpServer start(Policy policy) {
        try {
            RawHttpServer server = new RawHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), policy);
            Thread acceptor = new Thread(server::acceptLoop, "raw-http-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the raw HTTP server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Requests read so far, answered or not. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (open) {
            open.forEach(RawHttpServer::closeQuietly);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                synchronized (open) {
                    open.add(s);
                }
                int connection = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, connection), "raw-http-conn-" + connection);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int onConnection = 1; readRequest(in); onConnection++) {
                int request = requests.incrementAndGet();
                Action action = policy.on(request, connection, onConnection);
                if (action == Action.CLOSE_WITHOUT_ANSWER) {
                    return;
                }
                if (action == Action.CLOSE_AFTER_PART_OF_THE_STATUS_LINE) {
                    out.write("HTTP/1.1 20".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                String body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"answer "
                        + request + "\"},\"finish_reason\":\"stop\"}]}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the server is closing
        }
    }

    /** Reads one request's head and its Content-Length body; false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return true;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
