package io.harnessrouter.host.dashboard;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live screen on JLine's own terminal over pipes: fitted to the window, redrawn on resize, q quits. */
class LiveScreenTest {

    private final RoutingFixture f = new RoutingFixture();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        f.close();
    }

    private DashboardFrame frame() {
        for (String h : List.of("claude_code", "opencode", "codex", "gemini")) {
            f.subscription("opus", h);
        }
        f.priority("opus");
        Router router = f.router();
        StatusReport report = StatusReport.build(f.table(), f.store, T0, Duration.ofSeconds(60),
                ConfigStatus.loaded(Path.of("/home/dev/.harness-router/config.yaml"), List.of()),
                Blockers.fromAvailabilityOnly(), router.plan(RouteRequest.of("d", "")).stream().findFirst(),
                List.of(), Optional.empty(), RoutingSettings.DEFAULTS, router.headroom());
        return new DashboardFrame(report, Path.of("/home/dev/.harness-router/state.db"), Map.of());
    }

    @Test
    void aScreenFitsTheWindowAndSaysHowManyLinesDoNotFit() {
        DashboardFrame frame = frame();
        LiveScreen screen = new LiveScreen(null, () -> frame, Duration.ofSeconds(1), true);

        List<AttributedString> lines = screen.screen(new Size(50, 12));

        assertEquals(12, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.columnLength() <= 49), lines.toString());
        assertEquals("… 16 more lines: enlarge the window, or run with…", lines.get(10).toString());
        assertEquals("q quits · refreshed every 1000 ms", lines.get(11).toString());
    }

    @Test
    void aResizeRedrawsAtOnceAndQQuitsWithExitCodeZero() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        ByteArrayOutputStream screenBytes = new ByteArrayOutputStream();
        Terminal terminal = new ExternalTerminal("test", "xterm-256color", new PipedInputStream(keys), screenBytes,
                StandardCharsets.UTF_8);
        terminal.setSize(new Size(120, 60));
        DashboardFrame frame = frame();
        AtomicInteger drawn = new AtomicInteger();
        // An interval far longer than the test: only the resize can explain a second frame.
        LiveScreen screen = new LiveScreen(terminal, () -> {
            drawn.incrementAndGet();
            return frame;
        }, Duration.ofMinutes(5), false);

        Future<Integer> exit = pool.submit(screen::run);
        awaitFrames(drawn, 1);
        terminal.setSize(new Size(40, 60));
        terminal.raise(Terminal.Signal.WINCH);
        awaitFrames(drawn, 2);
        keys.write('q');
        keys.flush();

        assertEquals(0, exit.get(5, TimeUnit.SECONDS));
        String shown = screenBytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\u001b[?1049h") && shown.contains("\u001b[?1049l"),
                "alternate screen entered and left: " + shown);
        assertTrue(shown.contains("● opus::claude_code  available  [claude_code]"), shown);     // at 120 columns
        assertTrue(shown.contains("next pick  opus::claude_code (model op…"), shown);          // cut at 40
        terminal.close();
    }

    private static void awaitFrames(AtomicInteger drawn, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (drawn.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, drawn.get(), "frames drawn");
    }
}
