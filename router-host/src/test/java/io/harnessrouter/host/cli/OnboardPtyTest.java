package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.onboard.ModelCatalogue;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * onboard on a real pseudo-terminal (util-linux {@code script} gives the child a pty), so JLine
 * opens the system terminal as it does for a user: each answer is typed once its question shows.
 */
class OnboardPtyTest {

    @TempDir
    Path home;

    @Test
    void aUserAtATerminalAnswersEachQuestionAndTheFileIsWritten() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "stty cols 120 rows 40; exec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' io.harnessrouter.host.cli.Main onboard --no-install --no-doctor";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "TERM", "xterm",
                ModelCatalogue.URL_ENV, "http://127.0.0.1:1/api/v1/models"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0; ) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (OutputStream keys = process.getOutputStream()) {
            type(keys, screen, "Models to use, best first", "local-llama");
            type(keys, screen, "Harnesses for local-llama", "none");
            type(keys, screen, "Another OpenAI-compatible API for local-llama", "LLAMA_KEY@http://127.0.0.1:11434/v1");
            type(keys, screen, "Write it? [Y/n]", "y");
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), screen.toString());
        } finally {
            process.destroyForcibly();
        }

        assertEquals(0, process.exitValue(), screen.toString());
        Path config = home.resolve(".harness-router/config.yaml");
        assertEquals(List.of("local-llama::127.0.0.1:11434"),
                ConfigLoader.load(config, Map.of()).routes().stream().map(RouteConfig::id).toList());
    }

    /** Waits (up to 20 s) for {@code question} on the screen, then types {@code answer} and Enter. */
    private static void type(OutputStream keys, StringBuffer screen, String question, String answer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!screen.toString().contains(question)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + question + "' on the screen:\n" + screen);
            }
            Thread.sleep(20);
        }
        Thread.sleep(100); // the prompt is shown before JLine switches the terminal to raw mode
        keys.write((answer + "\r").getBytes(StandardCharsets.UTF_8));
        keys.flush();
        screen.setLength(0);
    }
}
