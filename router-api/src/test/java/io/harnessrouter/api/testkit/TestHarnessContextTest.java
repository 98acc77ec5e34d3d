package io.harnessrouter.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHarnessContextTest {

    @TempDir
    Path dir;

    @Test
    void clockStandsStillUntilMoved() {
        try (TestHarnessContext ctx = TestHarnessContext.create()) {
            assertEquals(TestHarnessContext.DEFAULT_INSTANT, ctx.clock().instant());

            ctx.mutableClock().advance(Duration.ofSeconds(90));
            assertEquals(Instant.parse("2026-01-01T00:01:30Z"), ctx.clock().instant());
            ctx.mutableClock().set(Instant.EPOCH);
            assertEquals(0, ctx.clock().millis());
        }
    }

    @Test
    void refusesMutableClockForACustomClock() {
        Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        try (TestHarnessContext ctx = TestHarnessContext.builder().clock(fixed).build()) {
            assertSame(fixed, ctx.clock());
            IllegalStateException e = assertThrows(IllegalStateException.class, ctx::mutableClock);
            assertEquals("this context was built with " + fixed + ", not a MutableClock", e.getMessage());
        }
    }

    @Test
    void childrenSeeTheContextEnvironmentAndFindFakesOnItsPath() {
        FakeClis.install("claude", dir);
        try (TestHarnessContext ctx = TestHarnessContext.builder().prependPath(dir)
                .env("FAKE_CLAUDE_ANSWER", "from ctx").withoutEnv("FAKE_CLAUDE_MODE").build()) {
            ProcessOutcome o = ctx.processRunner().run(ProcessSpec.builder(
                    List.of("claude", "-p", "--output-format", "text", "--", "hi")).build());

            assertEquals("from ctx\n", o.stdout());
            assertEquals("from ctx", ctx.environment().get("FAKE_CLAUDE_ANSWER"));
            assertTrue(ctx.environment().get("PATH").startsWith(dir + ":"));
            assertEquals(dir.resolve("claude"), ctx.processRunner().which("claude").orElseThrow());
        }
    }

    @Test
    void recordsLogLinesWithLevelNameAndFormattedParameters() {
        try (TestHarnessContext ctx = TestHarnessContext.create()) {
            System.Logger log = ctx.logger("claude_code");
            log.log(System.Logger.Level.INFO, "spawned {0} in {1} ms", "claude", 3);
            log.log(System.Logger.Level.WARNING, "plain");
            log.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("boom"));

            assertEquals(List.of("INFO claude_code: spawned claude in 3 ms", "WARNING claude_code: plain",
                    "ERROR claude_code: failed (java.lang.IllegalStateException: boom)"), ctx.logLines());
            assertFalse(ctx.logText().contains("sk-"));
        }
    }

    @Test
    void createsOneHttpClientOnFirstUse() {
        try (TestHarnessContext ctx = TestHarnessContext.create()) {
            assertNotNull(ctx.httpClient());
            assertSame(ctx.httpClient(), ctx.httpClient());
        }
    }

    @Test
    void refusesAnUnknownFakeCli() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FakeClis.install("nope", dir));
        assertEquals("no fake CLI named 'nope' on the class path (expected resource /fake-clis/nope)", e.getMessage());
    }
}
