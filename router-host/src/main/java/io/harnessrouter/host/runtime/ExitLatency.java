package io.harnessrouter.host.runtime;

import java.io.IOException;
import java.io.OutputStream;
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
     * Stops the selector thread of every {@link HttpClient} in the JVM — the host's shared one,
     * clients a plugin made for itself, a retry's one-off client. The JDK has no public way to
     * do that on 17 ({@code shutdownNow()} came in 21, and only for a client one holds), so this
     * finds the {@code HttpClientImpl$SelectorManager} threads and calls their {@code shutdown()}
     * reflectively; the launcher opens {@code java.net.http/jdk.internal.net.http} for it. Without
     * that access (another launcher) nothing happens and exit is merely slower.
     *
     * @return how many selector threads were told to stop
     */
    static int stopHttpSelectors() {
        int stopped = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            Class<?> c = t.getClass();
            if (!c.getName().equals("jdk.internal.net.http.HttpClientImpl$SelectorManager")) {
                continue;
            }
            try {
                Method shutdown = c.getDeclaredMethod("shutdown");
                shutdown.setAccessible(true);
                shutdown.invoke(t);
                stopped++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("could not stop the HTTP selector thread {}: {}", t.getName(), e.toString());
            }
        }
        return stopped;
    }
}
