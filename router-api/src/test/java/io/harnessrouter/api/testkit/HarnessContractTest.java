package io.harnessrouter.api.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks every harness plugin must pass: the same ones the bundled plugins run. A plugin's
 * test suite extends this class and says which harness it tests:
 *
 * <pre>{@code
 * class MyCliHarnessContractTest extends HarnessContractTest {
 *     @Override
 *     protected Harness harness() {
 *         return new MyCliHarness();
 *     }
 * }
 * }</pre>
 *
 * <p>What is checked:
 * <ul>
 *   <li>{@link Harness#id()} (and every alias) is lower snake case, such as {@code my_cli};
 *       {@link Harness#displayName()} is not blank;</li>
 *   <li>the harness can be found both ways the host looks: {@link ServiceLoader} (a
 *       {@code META-INF/services/io.harnessrouter.api.Harness} file lists the class) and PF4J
 *       (the class is annotated {@code @org.pf4j.Extension} and a {@code META-INF/extensions.idx}
 *       on the class path lists it; PF4J's annotation processor writes that file at compile
 *       time when it runs, see the plugin authoring guide);</li>
 *   <li>{@link Harness#dispatcher} returns a dispatcher for exactly the route it was given;</li>
 *   <li>for CLI harnesses (those with a {@link Harness#defaultCommand()}): a route whose
 *       command does not exist is unavailable with a reason that names the command, and
 *       dispatching on it <em>returns</em> a {@link FailureKind#NOT_INSTALLED} failure instead
 *       of throwing; the doctor probe reports such a command as not installed with at least one
 *       next step;</li>
 *   <li>the quota parser accepts a plain success and a failure of every kind without throwing.</li>
 * </ul>
 *
 * <p>Hooks: override {@link #createContext()} to give the harness a different context (a fake
 * CLI on {@code PATH}, a clock), and {@link #route(String)} when the harness needs route settings
 * (an HTTP harness needs a base URL). Each test gets a fresh context in {@link #context}, closed
 * afterwards. Add your own tests (argv, output parsing against a fake CLI) in the subclass.
 *
 * <p>Not thread-safe; JUnit creates one instance per test method.
 *
 * @since 0.1.0
 */
public abstract class HarnessContractTest {

    /** A command no machine has; used for the not-installed checks. */
    protected static final String MISSING_COMMAND = "harness-router-contract-missing-cli";

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** The context of the current test, from {@link #createContext()}. */
    protected TestHarnessContext context;

    /** The harness under test; may return a new instance each call. */
    protected abstract Harness harness();

    /** The context each test starts with; by default {@link TestHarnessContext#create()}. */
    protected TestHarnessContext createContext() {
        return TestHarnessContext.create();
    }

    /**
     * A route of this harness running {@code command} (null = the harness default), model
     * {@code contract-model}. Override to add the settings your harness needs.
     */
    protected RouteSpec route(String command) {
        return RouteSpec.subscription("contract-model", harness().id(), command);
    }

    /**
     * A CLI run that never exits, for {@link #aTimeoutEndsTheDispatchAndKillsTheProcessTree()}.
     *
     * @param route        the route whose command hangs
     * @param childPidFile where the hanging CLI writes the pid of a child it started, if it does
     *                     ({@link FakeCliScript#hangWithChild}); the check then also asserts the
     *                     child was killed
     * @since 0.1.0
     */
    public record HangScenario(RouteSpec route, Optional<Path> childPidFile) {
    }

    @TempDir
    Path scenarioDir;

    /*
     * Opt-in scenario hooks. Each returns the route (usually your fake CLI as its command, with
     * the environment that picks the behaviour) for one contract check; the default, empty, skips
     * that check. The directory is a fresh temporary directory per test, for FakeCliScript or
     * FakeClis.install.
     */

    /** A route whose CLI reports a rate limit with a retry-after or reset time. */
    protected Optional<RouteSpec> rateLimitedRoute(Path dir) {
        return Optional.empty();
    }

    /** A route whose CLI prints what looks like an answer and then exits non-zero. */
    protected Optional<RouteSpec> nonZeroExitRoute(Path dir) {
        return Optional.empty();
    }

    /** A route whose CLI reports an error in its output (an error event) and exits 0. */
    protected Optional<RouteSpec> errorEventRoute(Path dir) {
        return Optional.empty();
    }

    /** A route whose CLI succeeds after producing its answer in at least two parts. */
    protected Optional<RouteSpec> streamingRoute(Path dir) {
        return Optional.empty();
    }

    /**
     * A route whose CLI writes more than the runner's capture cap (10 MiB) to stdout before the
     * final line that makes the run a success.
     */
    protected Optional<RouteSpec> outputPastTheCaptureCapRoute(Path dir) {
        return Optional.empty();
    }

    /** A route whose CLI never exits. */
    protected Optional<HangScenario> hangingRoute(Path dir) {
        return Optional.empty();
    }

    @BeforeEach
    final void openContext() {
        context = createContext();
    }

    @AfterEach
    final void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void idIsLowerSnakeCase() {
        String id = harness().id();
        assertNotNull(id, "id()");
        assertTrue(SNAKE_CASE.matcher(id).matches(), "id '" + id + "' is not lower snake case (like my_cli)");
    }

    @Test
    void aliasesAreLowerSnakeCaseAndDifferFromTheId() {
        Harness h = harness();
        for (String alias : h.aliases()) {
            assertTrue(SNAKE_CASE.matcher(alias).matches(), "alias '" + alias + "' is not lower snake case");
            assertFalse(alias.equals(h.id()), "alias '" + alias + "' repeats the id");
        }
    }

    @Test
    void displayNameIsNotBlank() {
        String name = harness().displayName();
        assertTrue(name != null && !name.isBlank(), "displayName() is blank");
    }

    @Test
    void defaultCommandIsNotBlankWhenPresent() {
        Optional<String> command = harness().defaultCommand();
        assertNotNull(command, "defaultCommand() returned null; return Optional.empty() for HTTP harnesses");
        command.ifPresent(c -> assertFalse(c.isBlank(), "defaultCommand() is blank"));
    }

    @Test
    void isFoundByServiceLoader() {
        Class<?> type = harness().getClass();
        boolean listed = ServiceLoader.load(Harness.class, type.getClassLoader()).stream()
                .anyMatch(p -> p.type().equals(type));
        assertTrue(listed, type.getName() + " is not listed in META-INF/services/" + Harness.class.getName());
    }

    @Test
    void isFoundByPf4j() {
        Class<?> type = harness().getClass();
        assertTrue(type.isAnnotationPresent(org.pf4j.Extension.class),
                type.getName() + " is not annotated @org.pf4j.Extension");
        List<String> indexed = extensionIndex(type.getClassLoader());
        assertTrue(indexed.contains(type.getName()), type.getName()
                + " is not listed in any META-INF/extensions.idx on the class path (found " + indexed
                + "); is PF4J's annotation processor configured (annotationProcessorPaths)?");
    }

    @Test
    void dispatcherServesTheRouteItWasGiven() {
        RouteSpec route = route(null);
        Dispatcher d = harness().dispatcher(route, context);
        assertNotNull(d, "dispatcher()");
        assertSame(route, d.route());
        assertNotNull(d.availability(), "availability()");
    }

    @Test
    void missingCommandMakesTheRouteUnavailableWithAReasonNamingIt() {
        assumeCli();
        Availability a = harness().dispatcher(route(MISSING_COMMAND), context).availability();

        assertFalse(a.isAvailable(), "a route whose command does not exist is available");
        assertTrue(a.reason().contains(MISSING_COMMAND), "reason does not name the command: " + a.reason());
    }

    @Test
    void dispatchingAMissingCommandReturnsNotInstalled() {
        assumeCli();
        RouteSpec route = route(MISSING_COMMAND);
        DispatchRequest request = DispatchRequest.of("contract check", route).withTimeout(Duration.ofSeconds(30));

        DispatchResult r = assertDoesNotThrow(() -> harness().dispatcher(route, context)
                .dispatch(request, DispatchListener.NONE));

        assertNotNull(r, "dispatch() returned null");
        assertFalse(r.success());
        assertEquals(FailureKind.NOT_INSTALLED, r.failureKind(), r.error());
        assertFalse(r.error().isBlank(), "the NOT_INSTALLED result carries no error text");
    }

    @Test
    void quotaParserAcceptsAPlainSuccess() {
        QuotaHeaderParser parser = harness().quotaHeaderParser();
        assertNotNull(parser, "quotaHeaderParser()");
        DispatchResult ok = DispatchResult.success("ok").exitCode(0).duration(Duration.ofMillis(5)).build();

        assertNotNull(assertDoesNotThrow(() -> parser.parse(ok, Instant.now())));
    }

    @Test
    void quotaParserAcceptsAFailureOfEveryKind() {
        QuotaHeaderParser parser = harness().quotaHeaderParser();
        for (FailureKind kind : FailureKind.values()) {
            if (kind == FailureKind.NONE) {
                continue;
            }
            DispatchResult failed = DispatchResult.failure(kind, "failed: " + kind).exitCode(1).build();
            assertNotNull(assertDoesNotThrow(() -> parser.parse(failed, Instant.now()), kind.name()), kind.name());
        }
    }

    @Test
    void doctorProbeReportsAMissingCommandAsNotInstalledWithANextStep() {
        assumeCli();
        ProbeReport report = assertDoesNotThrow(() -> harness().doctorProbe(context)
                .check(Optional.of(MISSING_COMMAND), Duration.ofSeconds(10)));

        assertEquals(harness().id(), report.harnessId());
        assertFalse(report.installed(), "a missing command is reported as installed");
        assertFalse(report.ready());
        assertFalse(report.nextSteps().isEmpty(), "no next step tells the user how to install it");
    }

    @Test
    void quotaParserHandlesMissingAndMalformedHeaders() {
        QuotaHeaderParser parser = harness().quotaHeaderParser();
        List<Map<String, String>> headerSets = List.of(Map.of(),
                Map.of("retry-after", "soon", "x-ratelimit-remaining-requests", "-", "x-ratelimit-limit-requests",
                        "lots", "x-ratelimit-reset-requests", "yesterday"),
                Map.of("retry-after", "-5", "retry-after-ms", "1e99", "x-ratelimit-remaining-tokens", "",
                        "x-ratelimit-reset-tokens", "6m0sx"));
        for (Map<String, String> headers : headerSets) {
            for (DispatchResult result : List.of(
                    DispatchResult.success("ok").headers(headers).build(),
                    DispatchResult.failure(FailureKind.RATE_LIMITED, "rate limited").headers(headers).build())) {
                assertNotNull(assertDoesNotThrow(() -> parser.parse(result, Instant.now()), headers.toString()),
                        headers.toString());
            }
        }
    }

    @Test
    void aRateLimitIsReportedAsRateLimitedWithWhenToRetry() {
        DispatchResult r = dispatchScenario(rateLimitedRoute(scenarioDir), "rateLimitedRoute");
        assertFalse(r.success(), "a rate limit reported success");
        assertEquals(FailureKind.RATE_LIMITED, r.failureKind(), r.error());
        assertTrue(r.retryAfter().isPresent() || r.resetAt().isPresent(), "no retry-after or reset time: " + r);
    }

    @Test
    void aNonZeroExitIsNeverASuccess() {
        DispatchResult r = dispatchScenario(nonZeroExitRoute(scenarioDir), "nonZeroExitRoute");
        assertFalse(r.success(), "a non-zero exit reported success: " + r);
        assertFalse(r.error().isBlank(), "the failure carries no error text");
    }

    @Test
    void anErrorEventIsNeverASuccess() {
        DispatchResult r = dispatchScenario(errorEventRoute(scenarioDir), "errorEventRoute");
        assertFalse(r.success(), "an error event reported success: " + r);
    }

    @Test
    void eventsStreamBeforeTheResult() {
        Optional<RouteSpec> route = streamingRoute(scenarioDir);
        assumeTrue(route.isPresent(), "streamingRoute() not provided");
        List<DispatchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        DispatchResult r = harness().dispatcher(route.get(), context)
                .dispatch(DispatchRequest.of("contract check", route.get()).withTimeout(Duration.ofSeconds(60)),
                        events::add);
        assertTrue(r.success(), r.error());
        assertFalse(events.isEmpty(), "no event reached the listener");
    }

    @Test
    void outputPastTheCaptureCapStillEndsWithTheFinalLineParsed() {
        DispatchResult r = dispatchScenario(outputPastTheCaptureCapRoute(scenarioDir), "outputPastTheCaptureCapRoute");
        assertTrue(r.success(), "the final line after the capped output was not parsed: " + r.failureKind() + " "
                + r.error().lines().findFirst().orElse(""));
    }

    @Test
    void aTimeoutEndsTheDispatchAndKillsTheProcessTree() throws Exception {
        Optional<HangScenario> scenario = hangingRoute(scenarioDir);
        assumeTrue(scenario.isPresent(), "hangingRoute() not provided");
        RouteSpec route = scenario.get().route();
        long started = System.nanoTime();
        DispatchResult r = harness().dispatcher(route, context)
                .dispatch(DispatchRequest.of("contract check", route).withTimeout(Duration.ofSeconds(2)),
                        DispatchListener.NONE);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(FailureKind.TIMEOUT, r.failureKind(), r.error());
        assertFalse(r.success());
        assertTrue(millis < 15_000, "a 2 s timeout took " + millis + " ms");
        if (scenario.get().childPidFile().isPresent()) {
            Path pidFile = scenario.get().childPidFile().get();
            assertTrue(Files.isRegularFile(pidFile), "the hanging CLI wrote no pid to " + pidFile);
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (FakeClis.isRunning(pid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(FakeClis.isRunning(pid), "the CLI's child " + pid + " outlived the timeout");
        }
    }

    private DispatchResult dispatchScenario(Optional<RouteSpec> route, String hook) {
        assumeTrue(route.isPresent(), hook + "() not provided");
        DispatchResult r = assertDoesNotThrow(() -> harness().dispatcher(route.get(), context)
                .dispatch(DispatchRequest.of("contract check", route.get()).withTimeout(Duration.ofSeconds(60)),
                        DispatchListener.NONE));
        assertNotNull(r, "dispatch() returned null");
        return r;
    }

    private void assumeCli() {
        assumeTrue(harness().defaultCommand().isPresent(), "not a CLI harness (no default command)");
    }

    private static List<String> extensionIndex(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/extensions.idx"))) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read META-INF/extensions.idx", e);
        }
        return names;
    }
}
