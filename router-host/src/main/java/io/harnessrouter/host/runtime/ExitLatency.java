package io.harnessrouter.host.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets threads out of blocking native calls before the JVM exits. HotSpot's exit waits up to
 * 300 ms for every thread that is {@code _thread_in_native} (VM_Exit::wait_for_threads_in_native_to_block);
 * a thread blocked in {@code read(2)} on stdin or in {@code epoll_wait} under an idle
 * {@link HttpClient} is exactly that, which is why SIGTERM, and EOF after a metered call, took
 * about 340 ms. Measured after each fix in docs/benchmark.md.
 */
final class ExitLatency {
    private static final Logger LOG = LoggerFactory.getLogger(ExitLatency.class);

    private ExitLatency() {
    }

    /**
     * Makes a thread blocked reading the process's stdin return: for a socket (Node hosts get a
     * socketpair from libuv) its read side is shut down; for a pipe a newline is written into it
     * through {@code /proc/self/fd/0}. A terminal or a file is left alone (a file does not block;
     * writing to a terminal would print).
     */
    static void wakeStdinReader() {
        try {
            Path fd0 = Path.of("/proc/self/fd/0");
            String target = Files.isSymbolicLink(fd0) ? Files.readSymbolicLink(fd0).toString() : "";
            if (target.startsWith("socket:")) {
                Channel ch = System.inheritedChannel();
                if (ch instanceof SocketChannel sc) {
                    sc.shutdownInput();
                }
            } else if (target.startsWith("pipe:")) {
                try (OutputStream out = Files.newOutputStream(fd0, StandardOpenOption.WRITE)) {
                    out.write('\n');
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not wake the stdin reader: {}", e.toString());
        }
    }

    /**
     * Stops an {@link HttpClient}'s selector thread: {@code shutdownNow()} where the JDK has it
     * (21+); on 17 the selector manager is shut down reflectively (the launcher opens
     * {@code java.net.http/jdk.internal.net.http}); without that access nothing happens.
     */
    static void stop(HttpClient client) {
        if (client == null) {
            return;
        }
        try {
            Method now = HttpClient.class.getMethod("shutdownNow");
            now.invoke(client);
            return;
        } catch (NoSuchMethodException e) {
            // JDK 17-20
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("HttpClient.shutdownNow failed: {}", e.toString());
            return;
        }
        try {
            Field impl = client.getClass().getDeclaredField("impl");
            impl.setAccessible(true);
            Object clientImpl = impl.get(client);
            Field selmgr = clientImpl.getClass().getDeclaredField("selmgr");
            selmgr.setAccessible(true);
            Object manager = selmgr.get(clientImpl);
            Method shutdown = manager.getClass().getDeclaredMethod("shutdown");
            shutdown.setAccessible(true);
            shutdown.invoke(manager);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("could not stop the HTTP client's selector thread: {}", e.toString());
        }
    }
}
