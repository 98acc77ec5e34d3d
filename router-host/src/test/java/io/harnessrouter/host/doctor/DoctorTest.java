package io.harnessrouter.host.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.testkit.FakeClis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link Doctor} driven directly, for what the command line cannot set: short time limits. */
class DoctorTest {

    @TempDir
    Path home;

    @Test
    @Timeout(30)
    void liveProbeThatHangsIsKilledWhenItsTimeRunsOut() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        Path pidFile = home.resolve("hang.pid");
        Path config = Files.writeString(home.resolve("config.yaml"), """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      harness: claude_code
                      env: {FAKE_CLAUDE_MODE: hang, FAKE_CLAUDE_PIDFILE: "%s"}
                """.formatted(pidFile));
        DoctorOptions options = new DoctorOptions(Optional.of(config), Optional.of(DoctorTestPlugin.pluginsDir(home)),
                Optional.of("claude_code"), true, Map.of("HOME", home.toString(), "PATH", bin + ":/usr/bin:/bin"),
                home, "dev", Duration.ofSeconds(10), Duration.ofMillis(700));
        StringWriter out = new StringWriter();

        int code;
        try (DoctorSession session = DoctorSession.open(options)) {
            code = new Doctor(session, new PrintWriter(out), new PrintWriter(new StringWriter()), Style.PLAIN).run();
        }

        assertEquals(1, code);
        assertTrue(out.toString().replaceAll(" \\d+ms", " Nms").contains(
                "  ✗ opus::claude_code model=opus via=claude Nms → Timed out after 0.7s; the process tree was killed\n"),
                out.toString());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(FakeClis.isRunning(pid), "the hanging CLI's child is killed with its tree");
    }
}
