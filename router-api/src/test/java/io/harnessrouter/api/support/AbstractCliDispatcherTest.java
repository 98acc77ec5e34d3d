package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbstractCliDispatcherTest {

    private static final String HINT = "npm install -g hr-tool";

    @TempDir
    Path bin;

    private TestHarnessContext ctx;

    @BeforeEach
    void context() {
        ctx = TestHarnessContext.builder().prependPath(bin).build();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void runsTheRouteCommandElseTheDefault() {
        assertEquals("hr-tool", new EchoDispatcher(route(null), ctx).command());
        assertEquals("/opt/x/tool", new EchoDispatcher(route("/opt/x/tool"), ctx).command());
    }

    @Test
    void isUnavailableWithAnInstallHintWhenTheCommandIsMissing() {
        Availability a = new EchoDispatcher(route("hr-missing-cli"), ctx).availability();

        assertFalse(a.isAvailable());
        assertEquals("hr-missing-cli CLI not found on PATH (looked for 'hr-missing-cli') — install: " + HINT, a.reason());
        assertEquals("hr-tool CLI not found (no executable file at '/nonexistent/hr-tool') — install: " + HINT,
                new EchoDispatcher(route("/nonexistent/hr-tool"), ctx).availability().reason());
    }

    @Test
    void cachesThePathLookupForAFewSeconds() throws IOException {
        EchoDispatcher d = new EchoDispatcher(route(null), ctx);
        assertFalse(d.availability().isAvailable());

        script("hr-tool", "true");
        ctx.mutableClock().advance(Duration.ofSeconds(4));
        assertFalse(d.availability().isAvailable());
        ctx.mutableClock().advance(Duration.ofSeconds(1));
        assertTrue(d.availability().isAvailable());
    }

    @Test
    void returnsNotInstalledInsteadOfThrowingWhenTheCommandIsMissing() {
        DispatchResult r = new EchoDispatcher(route("hr-missing-cli"), ctx)
                .dispatch(DispatchRequest.of("hi", route(null)), DispatchListener.NONE);

        assertFalse(r.success());
        assertEquals(FailureKind.NOT_INSTALLED, r.failureKind());
        assertEquals("hr-missing-cli CLI not found on PATH (looked for 'hr-missing-cli') — install: " + HINT, r.error());
        assertEquals(OptionalInt.empty(), r.exitCode());
    }

    @Test
    void mapsAStartErrorToNotInstalled() {
        RouteSpec withPath = RouteSpec.builder("m::hr", "m", "hr", Tier.SUBSCRIPTION).command("hr-tool")
                .env("PATH", "/nonexistent").build();

        DispatchResult r = new EchoDispatcher(withPath, ctx).dispatch(DispatchRequest.of("hi", withPath), null);

        assertEquals(FailureKind.NOT_INSTALLED, r.failureKind());
        assertEquals("cannot run 'hr-tool': No such file or directory — install: " + HINT, r.error());
    }

    @Test
    void reportsAPromptTooLongForAnArgumentAsWhatItIsNotAsAMissingBinary() throws IOException {
        script("hr-tool", "echo ran");
        String prompt = "x".repeat(ProcessSpec.MAX_ARGUMENT_BYTES + 1);

        DispatchResult r = new EchoDispatcher(route(null), ctx).dispatch(DispatchRequest.of(prompt, route(null)), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("cannot run 'hr-tool': Argument list too long: argument 4 is 131072 bytes, more than the 131071"
                + " Linux takes in one argument (MAX_ARG_STRLEN); a long prompt belongs on stdin", r.error());
    }

    @Test
    void reportsArgumentsTooLongTogetherAsArgMaxNotAsAMissingBinary() throws IOException {
        script("hr-tool", "echo ran");
        // Each argument fits; together they are far beyond any ARG_MAX, so execve itself says E2BIG.
        String big = "y".repeat(ProcessSpec.MAX_ARGUMENT_BYTES);
        EchoDispatcher many = new EchoDispatcher(route(null), ctx) {
            @Override
            protected List<String> arguments(DispatchRequest request) {
                return java.util.Collections.nCopies(200, big);
            }
        };

        DispatchResult r = many.dispatch(DispatchRequest.of("hi", route(null)), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("cannot run 'hr-tool': Argument list too long (the arguments and the environment together are"
                + " more than the system's ARG_MAX)", r.error());
    }

    @Test
    void reportsANulInThePromptAsWhatItIs() throws IOException {
        script("hr-tool", "echo ran");

        DispatchResult r = new EchoDispatcher(route(null), ctx).dispatch(DispatchRequest.of("a\0b", route(null)), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("cannot run 'hr-tool': argument 4 contains a NUL character, which no program argument can hold",
                r.error());
    }

    @Test
    void namesTheVariableButNeverTheValueWhenTheEnvironmentHoldsANul() throws IOException {
        script("hr-tool", "echo ran");
        RouteSpec withEnv = RouteSpec.builder("m::hr", "m", "hr", Tier.SUBSCRIPTION)
                .env("HR_TOKEN", "sk-secret\0tail").build();

        DispatchResult r = new EchoDispatcher(withEnv, ctx).dispatch(DispatchRequest.of("hi", withEnv), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("cannot run 'hr-tool': the value of environment variable HR_TOKEN contains a NUL character,"
                + " which no environment value can hold", r.error());
        assertFalse(r.error().contains("sk-secret"));
    }

    @Test
    void putsAPromptOverTheThresholdOnStdinWhenThePluginSaysHow() throws IOException {
        script("hr-tool", "printf '%s|' \"$@\"; echo; wc -c");
        String atThreshold = "é".repeat(AbstractCliDispatcher.STDIN_PROMPT_THRESHOLD_BYTES / 2);
        String over = atThreshold + "x";
        EchoDispatcher d = new StdinCapableDispatcher(route(null), ctx);

        DispatchResult argv = d.dispatch(DispatchRequest.of(atThreshold, route(null)), null);
        DispatchResult stdin = d.dispatch(DispatchRequest.of(over, route(null)), null);
        DispatchResult plain = new EchoDispatcher(route(null), ctx).dispatch(DispatchRequest.of("short", route(null)), null);

        assertEquals("--model|m|--|" + atThreshold + "|\n0", argv.output());
        assertEquals("--model|m|--stdin|\n" + (AbstractCliDispatcher.STDIN_PROMPT_THRESHOLD_BYTES + 1), stdin.output());
        assertEquals("--model|m|--|short|\n0", plain.output());
    }

    @Test
    void keepsAnOverlongPromptInTheArgvOfAPluginThatCannotTakeItOnStdin() throws IOException {
        script("hr-tool", "printf '%s|' \"$@\" | wc -c");
        String over = "x".repeat(AbstractCliDispatcher.STDIN_PROMPT_THRESHOLD_BYTES + 1);

        DispatchResult r = new EchoDispatcher(route(null), ctx).dispatch(DispatchRequest.of(over, route(null)), null);

        assertTrue(r.success(), r.error());
        assertEquals(Integer.toString("--model|m|--|".length() + over.length() + 1), r.output());
    }

    @Test
    void mapsAShutDownRunnerToCancelled() throws IOException {
        script("hr-tool", "echo ran");
        DefaultProcessRunner closed = new DefaultProcessRunner(Map.of("PATH", bin + ":" + System.getenv("PATH")));
        closed.close();
        TestHarnessContext withClosed = TestHarnessContext.builder().prependPath(bin).processRunner(closed).build();
        try {
            DispatchResult r = new EchoDispatcher(route(null), withClosed).dispatch(DispatchRequest.of("hi", route(null)), null);

            assertEquals(FailureKind.CANCELLED, r.failureKind());
            assertEquals("cannot run 'hr-tool': the process runner is shut down", r.error());
        } finally {
            withClosed.close();
        }
    }

    @Test
    void runsArgvEnvironmentAndWorkingDirectoryAndInterpretsTheOutcome() throws IOException {
        script("hr-tool", "printf '%s|' \"$@\"; echo \"$ROUTE_VAR $REQ_VAR $(pwd -P)\"; exit 0");
        RouteSpec route = RouteSpec.builder("m::hr", "m", "hr", Tier.SUBSCRIPTION).cliModel("model-x")
                .env(Map.of("ROUTE_VAR", "r", "REQ_VAR", "route")).build();
        Path work = Files.createDirectory(bin.resolve("work"));
        DispatchRequest req = new DispatchRequest("-dash prompt", List.of(), Optional.of(work), "model-x",
                Duration.ofSeconds(20), Map.of("REQ_VAR", "request"));

        DispatchResult r = new EchoDispatcher(route, ctx).dispatch(req, DispatchListener.NONE);

        assertTrue(r.success(), r.error());
        assertEquals("--model|model-x|--|-dash prompt|r request " + work.toRealPath(), r.output());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertTrue(r.duration().compareTo(Duration.ZERO) > 0);
    }

    @Test
    void setsTheEnvironmentDefaultsOnlyWhereNeitherHostNorRouteNorRequestSetThem() throws IOException {
        script("hr-tool", "echo \"retries=${HR_RETRIES-unset} other=${HR_OTHER-unset}\"; exit 0");
        RouteSpec plain = route(null);
        RouteSpec routeSets = RouteSpec.builder("m::hr", "m", "hr", Tier.SUBSCRIPTION).env("HR_RETRIES", "3").build();
        DispatchRequest requestSets = new DispatchRequest("p", List.of(), Optional.empty(), "m", null,
                Map.of("HR_OTHER", "req"));

        assertEquals("retries=0 other=x", new DefaultingDispatcher(plain, ctx).dispatch(DispatchRequest.of("p", plain),
                null).output());
        assertEquals("retries=3 other=x", new DefaultingDispatcher(routeSets, ctx)
                .dispatch(DispatchRequest.of("p", routeSets), null).output());
        assertEquals("retries=0 other=req", new DefaultingDispatcher(plain, ctx).dispatch(requestSets, null).output());
        try (TestHarnessContext hostSets = TestHarnessContext.builder().prependPath(bin).env("HR_RETRIES", "5").build()) {
            assertEquals("retries=5 other=x", new DefaultingDispatcher(plain, hostSets)
                    .dispatch(DispatchRequest.of("p", plain), null).output());
        }
        assertEquals("retries=unset other=unset", new EchoDispatcher(plain, ctx).dispatch(DispatchRequest.of("p", plain),
                null).output());
    }

    @Test
    void eachDispatchGetsItsOwnParserThatSeesEveryLineOnceAndMakesTheResult() throws Exception {
        script("hr-tool", "i=0; while [ $i -lt 200 ]; do echo \"$1-$i\"; i=$((i+1)); done; echo done >&2; exit 3");
        RouteSpec route = route(null);
        CountingDispatcher d = new CountingDispatcher(route, ctx);
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<DispatchResult> a = pool.submit(
                    () -> d.dispatch(DispatchRequest.of("a", route), events::add));
            java.util.concurrent.Future<DispatchResult> b = pool.submit(
                    () -> d.dispatch(DispatchRequest.of("b", route), DispatchListener.NONE));

            assertEquals("200 lines of a, in order, exit 3, stderr done", a.get(20, TimeUnit.SECONDS).output());
            assertEquals("200 lines of b, in order, exit 3, stderr done", b.get(20, TimeUnit.SECONDS).output());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, d.parsersMade.get());
        List<DispatchEvent> texts = events.stream().filter(e -> e instanceof DispatchEvent.Text).toList();
        assertEquals(200, texts.size());
        assertEquals(new DispatchEvent.Text("a-0"), texts.get(0)); // stderr events come on their own thread
        assertEquals(OptionalInt.of(3), d.dispatch(DispatchRequest.of("c", route), null).exitCode());
    }

    @Test
    void aTimedOutDispatchDropsItsParserWithoutAskingItForAResult() throws IOException {
        script("hr-tool", "echo started; sleep 30");
        CountingDispatcher d = new CountingDispatcher(route(null), ctx);

        DispatchResult r = d.dispatch(DispatchRequest.of("p", route(null)).withTimeout(Duration.ofMillis(300)), null);

        assertEquals(FailureKind.TIMEOUT, r.failureKind());
        assertEquals(1, d.parsersMade.get());
        assertEquals(0, d.finished.get());
    }

    @Test
    void aDispatcherWithNeitherParserNorInterpretFailsSayingSo() throws IOException {
        script("hr-tool", "echo hi");
        RouteSpec route = route(null);
        AbstractCliDispatcher bare = new AbstractCliDispatcher(route, ctx, "hr-tool", HINT) {
            @Override
            protected List<String> arguments(DispatchRequest request) {
                return List.of();
            }
        };

        DispatchResult r = bare.dispatch(DispatchRequest.of("p", route), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertTrue(r.error().endsWith(" overrides neither streamParser(request) nor interpret(outcome, request)"),
                r.error());
    }

    @Test
    void givesStdinTextWhenTheSubclassAsksAndDevNullOtherwise() throws IOException {
        script("hr-tool", "cat");
        RouteSpec route = route(null);

        DispatchResult none = new EchoDispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);
        DispatchResult piped = new EchoDispatcher(route, ctx, "from stdin").dispatch(DispatchRequest.of("p", route), null);

        assertEquals("", none.output());
        assertEquals("from stdin", piped.output());
    }

    @Test
    void streamsStderrLinesAndStdoutLinesAndSurvivesAThrowingListener() throws IOException {
        script("hr-tool", "echo warn1 >&2; echo answer; echo warn2 >&2; exit 4");
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        DispatchListener throwing = e -> {
            events.add(e);
            throw new IllegalStateException("listener bug");
        };

        DispatchResult r = new EchoDispatcher(route(null), ctx).dispatch(DispatchRequest.of("p", route(null)), throwing);

        assertEquals(List.of(new DispatchEvent.Stderr("warn1"), new DispatchEvent.Stderr("warn2")),
                events.stream().filter(e -> e instanceof DispatchEvent.Stderr).toList());
        assertEquals(List.of(new DispatchEvent.Text("answer")),
                events.stream().filter(e -> e instanceof DispatchEvent.Text).toList());
        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("warn1\nwarn2", r.error());
        assertEquals(OptionalInt.of(4), r.exitCode());
    }

    @Test
    void reportsATimeoutWithTheDeadlineAndTheKilledTree() throws IOException {
        script("hr-tool", "echo partial; sleep 300");
        DispatchRequest req = DispatchRequest.of("p", route(null)).withTimeout(Duration.ofMillis(300));

        DispatchResult r = new EchoDispatcher(route(null), ctx).dispatch(req, null);

        assertEquals(FailureKind.TIMEOUT, r.failureKind());
        assertEquals("Timed out after 0.3s; the process tree was killed", r.error());
        assertEquals("partial", r.output());
        assertEquals(OptionalInt.of(143), r.exitCode());
        assertEquals("Timed out after 600s; the process tree was killed",
                AbstractCliDispatcher.timeoutMessage(Duration.ofMinutes(10)));
        assertEquals("Timed out after 1.5s; the process tree was killed",
                AbstractCliDispatcher.timeoutMessage(Duration.ofMillis(1500)));
    }

    @Test
    void reportsCancellationWhenTheCallingThreadIsInterrupted() throws Exception {
        script("hr-tool", "echo started; sleep 300");
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<DispatchResult> result = new AtomicReference<>();
        Thread caller = new Thread(() -> result.set(new EchoDispatcher(route(null), ctx)
                .dispatch(DispatchRequest.of("p", route(null)), e -> started.countDown())));
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));

        caller.interrupt();
        caller.join(10_000);

        assertEquals(FailureKind.CANCELLED, result.get().failureKind());
        assertEquals("Cancelled; the process tree was killed", result.get().error());
    }

    @Test
    void cutsLongTextWithAnEllipsis() {
        assertEquals("abc…", AbstractCliDispatcher.excerpt("  abcdef ", 3));
        assertEquals("abc", AbstractCliDispatcher.excerpt(" abc ", 3));
        assertEquals("", AbstractCliDispatcher.excerpt(null, 3));
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static RouteSpec route(String command) {
        return RouteSpec.subscription("m", "hr", command);
    }

    /** Takes a long prompt on stdin behind a {@code --stdin} flag. */
    private static final class StdinCapableDispatcher extends EchoDispatcher {
        StdinCapableDispatcher(RouteSpec route, HarnessContext ctx) {
            super(route, ctx);
        }

        @Override
        protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
            return Optional.of(List.of("--model", request.model(), "--stdin"));
        }
    }

    /** Runs {@code hr-tool --model <m> -- <prompt>}; success = exit 0 with stdout as the answer. */
    /**
     * Passes the prompt as the only argument and reads the {@code <prompt>-<i>} lines with a
     * per-call parser: its plain fields would mix if two calls shared one.
     */
    private static final class CountingDispatcher extends AbstractCliDispatcher {
        final java.util.concurrent.atomic.AtomicInteger parsersMade = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();

        CountingDispatcher(RouteSpec route, HarnessContext ctx) {
            super(route, ctx, "hr-tool", HINT);
        }

        @Override
        protected List<String> arguments(DispatchRequest request) {
            return List.of(request.prompt());
        }

        @Override
        protected StreamParser streamParser(DispatchRequest request) {
            parsersMade.incrementAndGet();
            return new StreamParser() {
                private int next;
                private boolean inOrder = true;

                @Override
                public void onLine(String line, DispatchListener listener) {
                    inOrder &= line.equals(request.prompt() + "-" + next);
                    next++;
                    listener.onEvent(new DispatchEvent.Text(line));
                }

                @Override
                public DispatchResult finish(ProcessOutcome outcome) {
                    finished.incrementAndGet();
                    return DispatchResult.success(next + " lines of " + request.prompt() + (inOrder ? ", in order" : ", mixed")
                            + ", exit " + outcome.exitCode() + ", stderr " + outcome.stderr().strip()).build();
                }
            };
        }
    }

    /** Turns the CLI's own retries off, as the bundled plugins do, and sets one more default. */
    private static final class DefaultingDispatcher extends EchoDispatcher {
        DefaultingDispatcher(RouteSpec route, HarnessContext ctx) {
            super(route, ctx);
        }

        @Override
        protected Map<String, String> environmentDefaults(DispatchRequest request) {
            return Map.of("HR_RETRIES", "0", "HR_OTHER", "x");
        }
    }

    private static class EchoDispatcher extends AbstractCliDispatcher {
        private final String stdin;

        EchoDispatcher(RouteSpec route, HarnessContext ctx) {
            this(route, ctx, null);
        }

        EchoDispatcher(RouteSpec route, HarnessContext ctx, String stdin) {
            super(route, ctx, "hr-tool", HINT);
            this.stdin = stdin;
        }

        @Override
        protected List<String> arguments(DispatchRequest request) {
            return List.of("--model", request.model(), "--", request.prompt());
        }

        @Override
        protected Optional<String> stdinText(DispatchRequest request) {
            return Optional.ofNullable(stdin);
        }

        @Override
        protected void onStdoutLine(String line, DispatchListener listener) {
            listener.onEvent(new DispatchEvent.Text(line));
        }

        @Override
        protected DispatchResult interpret(ProcessOutcome outcome, DispatchRequest request) {
            if (outcome.exitCode() == 0) {
                return DispatchResult.success(outcome.stdout().strip()).build();
            }
            return DispatchResult.failure(FailureKind.OTHER, outcome.stderr().strip()).build();
        }
    }
}
