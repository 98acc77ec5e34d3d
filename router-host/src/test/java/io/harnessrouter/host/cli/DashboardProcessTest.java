package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router dashboard --watch} as a child JVM: in a pseudo-terminal (util-linux
 * {@code script}) it draws the live screen and exits 0 on {@code q}; piped it prints a frame per
 * interval and stops when the reader goes away.
 */
@EnabledOnOs({OS.LINUX})
class DashboardProcessTest {

    @TempDir
    Path home;
    private Process process;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws IOException {
        Files.writeString(home.resolve("config.yaml"), DashboardCommandTest.CONFIG);
        Files.createDirectories(home.resolve("plugins"));
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private List<String> dashboard(String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "dashboard",
                "--config", home.resolve("config.yaml").toString(), "--state-db", home.resolve("state.db").toString(),
                "--plugins-dir", home.resolve("plugins").toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private void start(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().remove("NO_COLOR");
        process = pb.start();
        InputStream out = process.getInputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = out.read(buf)) > 0; ) {
                    synchronized (seen) {
                        seen.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private String awaitOutput(Predicate<String> ready) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String text = "";
        while (System.nanoTime() < deadline) {
            synchronized (seen) {
                text = seen.toString(StandardCharsets.UTF_8);
            }
            if (ready.test(text)) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no frame within 30 s; output so far:\n" + text);
    }

    @Test
    void inAPseudoTerminalItDrawsTheLiveScreenAndQuitsWithZeroOnQ() throws Exception {
        String inner = String.join(" ", dashboard("--watch", "--interval", "200").stream().map(a -> "'" + a + "'")
                .toList());
        start(List.of("script", "-qefc", inner, "/dev/null"));

        String frame = awaitOutput(t -> t.contains("opus::claude_code") && t.contains("q quits"));
        OutputStream keys = process.getOutputStream();
        keys.write('q');
        keys.flush();

        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after q");
        assertEquals(0, process.exitValue());
        assertTrue(frame.contains("\u001b[?1049h"), "alternate screen: " + frame);
        assertTrue(frame.contains("\u001b[31m✗ opus::claude_code"), "coloured: " + frame);
        assertTrue(frame.contains("q quits · refreshed every 200 ms"), frame);
    }

    @Test
    void pipedItPrintsPlainFramesUntilTheReaderGoesAway() throws Exception {
        start(dashboard("--watch", "--interval", "100"));

        String two = awaitOutput(t -> t.split("harness-router dashboard ", -1).length > 2);
        process.getInputStream().close();

        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits once nobody reads");
        assertEquals(0, process.exitValue());
        assertTrue(!two.contains("\u001b"), "plain text: " + two);
        assertTrue(two.contains("  ✗ opus::claude_code  unavailable: "), two);
    }

    @Test
    void theStdioServerStartsAndStopsWithoutLoadingJLine() throws Exception {
        List<String> server = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", home.resolve("config.yaml").toString(), "--state-db", home.resolve("state.db").toString(),
                "--plugins-dir", home.resolve("plugins").toString()));
        start(server);
        awaitOutput(t -> t.contains("io.harnessrouter.host.runtime.RouterRuntime"));
        Thread.sleep(1500);  // the server has loaded plugins, state and config in the background
        process.getOutputStream().close();                                           // the host hangs up

        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the server exits at end of input");
        String loaded = awaitOutput(t -> true);
        assertTrue(loaded.contains("io.harnessrouter.host.runtime.RouterRuntime"), "the server ran");
        assertTrue(!loaded.contains("org.jline"), "JLine loaded by the server: "
                + loaded.lines().filter(l -> l.contains("org.jline")).findFirst().orElse(""));

        // Any other command line builds the whole command tree (dashboard and onboard included):
        // that must not load JLine either.
        Process version = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--version")
                .redirectErrorStream(true).start();
        String tree = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(version.waitFor(20, TimeUnit.SECONDS));
        assertTrue(tree.contains("io.harnessrouter.host.cli.DashboardCommand"), "the command tree was built");
        assertTrue(!tree.contains("org.jline"), "JLine loaded by building the command tree: "
                + tree.lines().filter(l -> l.contains("org.jline")).findFirst().orElse(""));
    }
}
