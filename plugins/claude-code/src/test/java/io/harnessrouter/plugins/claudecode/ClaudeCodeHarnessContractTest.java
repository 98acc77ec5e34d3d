package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaudeCodeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new ClaudeCodeHarness();
    }

    /** The test kit's fake claude in {@code mode}, plus these variables (name, value, ...). */
    private RouteSpec fake(Path dir, String mode, String... env) {
        RouteSpec.Builder b = route(FakeClis.install("claude", dir).toString()).toBuilder()
                .env("FAKE_CLAUDE_MODE", mode);
        for (int i = 0; i + 1 < env.length; i += 2) {
            b.env(env[i], env[i + 1]);
        }
        return b.build();
    }

    @Override
    protected Optional<RouteSpec> rateLimitedRoute(Path dir) {
        return Optional.of(fake(dir, "rate_limit"));
    }

    @Override
    protected Optional<RouteSpec> nonZeroExitRoute(Path dir) {
        return Optional.of(fake(dir, "crash"));
    }

    @Override
    protected Optional<RouteSpec> errorEventRoute(Path dir) {
        return Optional.of(fake(dir, "is_error_exit0"));
    }

    @Override
    protected Optional<RouteSpec> outputPastTheCaptureCapRoute(Path dir) {
        return Optional.of(fake(dir, "noisy", "FAKE_CLAUDE_HUGE_BYTES", String.valueOf(12 * 1024 * 1024)));
    }

    @Override
    protected Optional<HangScenario> hangingRoute(Path dir) {
        Path pidFile = dir.resolve("child.pid");
        return Optional.of(new HangScenario(fake(dir, "hang", "FAKE_CLAUDE_PIDFILE", pidFile.toString()),
                Optional.of(pidFile)));
    }

    @Test
    void namesItselfLikeTheNpmRouterDid() {
        Harness h = harness();
        assertEquals("claude_code", h.id());
        assertEquals("Claude Code CLI", h.displayName());
        assertEquals(Optional.of("claude"), h.defaultCommand());
    }
}
