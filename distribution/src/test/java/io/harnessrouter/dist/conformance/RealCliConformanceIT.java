package io.harnessrouter.dist.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.testkit.TestHarnessContext;
import io.harnessrouter.dist.conformance.ModelApiMock.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each plugin's real dispatcher through the real CLI (installed by the {@code real-clis}
 * profile, see docs/plugins.md) against {@link ModelApiMock}: a success must come back as the
 * mock's text, parsed out of the CLI's JSON, and a rate limit, a spent quota and a refused key
 * must each get their failure kind, within {@link #BOUND}. The plugins are found the way the host
 * finds harnesses on its class path ({@link ServiceLoader}) and given a real
 * {@link TestHarnessContext} whose environment is only {@code PATH} (the installed CLIs first),
 * an empty {@code HOME}, {@code TERM} and proxy variables that lead nowhere but loopback, as in
 * the study of the real CLIs ({@code env -i}).
 *
 * <p>Each run's outcome and seconds go to {@code target/real-clis/results.md}.
 */
class RealCliConformanceIT {

    /** The longest a dispatch may take, retries of the CLI's own included. */
    static final Duration BOUND = Duration.ofSeconds(90);
    static final String PROMPT = "Reply with one short sentence.";
    /** A loopback port nothing listens on (discard). */
    static final String DEAD_PROXY = "http://127.0.0.1:9";

    private static final List<String> RESULTS = new CopyOnWriteArrayList<>();
    private static Path bin;
    private static ModelApiMock mock;

    /** The expected failure kind of each behaviour; empty for success. */
    enum Case {
        SUCCESS(Behaviour.OK, null),
        RATE_LIMIT(Behaviour.RATE_LIMITED, FailureKind.RATE_LIMITED),
        QUOTA(Behaviour.QUOTA_EXHAUSTED, FailureKind.QUOTA_EXHAUSTED),
        AUTH(Behaviour.AUTH_FAILED, FailureKind.AUTH);

        final Behaviour behaviour;
        final FailureKind expected;

        Case(Behaviour behaviour, FailureKind expected) {
            this.behaviour = behaviour;
            this.expected = expected;
        }
    }

    @BeforeAll
    static void startMockAndFindClis() throws IOException {
        String homeFile = System.getProperty("real-clis.home-file");
        String home = System.getProperty("real-clis.home", "");
        if (home.isBlank() && homeFile != null) {
            home = Files.readString(Path.of(homeFile)).strip();
        }
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("set -Dreal-clis.home=<folder with node_modules/.bin> or run the real-clis"
                    + " profile (mvn -Preal-clis ...), which installs the CLIs and sets real-clis.home-file");
        }
        bin = Path.of(home, "node_modules", ".bin");
        for (RealCli cli : RealCli.values()) {
            if (!Files.isExecutable(bin.resolve(cli.binary))) {
                throw new IllegalStateException("no executable " + bin.resolve(cli.binary));
            }
        }
        mock = new ModelApiMock();
    }

    @AfterAll
    static void stopMockAndWriteResults() throws IOException {
        if (mock != null) {
            mock.close();
        }
        Path out = Path.of(System.getProperty("real-clis.results", "target/real-clis/results.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>(List.of("| CLI | case | expected | got | classified right | seconds |",
                "|---|---|---|---|---|---|"));
        lines.addAll(RESULTS);
        Files.write(out, lines);
    }

    /**
     * Every case of every CLI whose plugin is on the class path, limited to the CLIs named in
     * {@code -Dreal-clis.only=claude,codex} when that is set. A CLI without its plugin is listed
     * in the results as skipped.
     */
    static Stream<Arguments> everyCliAndCase() {
        Set<String> only = Stream.of(System.getProperty("real-clis.only", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        List<RealCli> clis = Stream.of(RealCli.values())
                .filter(cli -> only.isEmpty() || only.contains(cli.binary)).toList();
        clis.stream().filter(cli -> findHarness(cli.harnessId).isEmpty()).forEach(cli -> RESULTS.add("| " + cli.binary
                + " | all | | skipped: no harness " + cli.harnessId + " on the class path | | |"));
        return clis.stream().filter(cli -> findHarness(cli.harnessId).isPresent())
                .flatMap(cli -> Stream.of(Case.values()).map(c -> Arguments.of(cli, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCliAndCase")
    void theRealCliThroughItsPluginIsClassifiedRight(RealCli cli, Case c, @TempDir Path tmp) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Map<String, String> routeEnv = cli.pointAt(mock.base(c.behaviour), home);
        RouteSpec route = RouteSpec.builder(cli.model + "::conformance-" + cli.binary, cli.model, cli.harnessId,
                Tier.SUBSCRIPTION).env(routeEnv).timeout(BOUND).build();
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        DispatchResult result;
        try (TestHarnessContext context = cleanContext(home)) {
            Dispatcher dispatcher = harness(cli.harnessId).dispatcher(route, context);
            assertTrue(dispatcher.availability().isAvailable(), () -> cli + " unavailable: " + dispatcher.availability());
            mock.clear();
            long started = System.nanoTime();
            result = dispatcher.dispatch(DispatchRequest.of(PROMPT, route).withWorkingDir(work), events::add);
            double seconds = (System.nanoTime() - started) / 1e9;
            String got = result.success() ? "success" : String.valueOf(result.failureKind());
            boolean pass = c.expected == null ? result.success() : result.failureKind() == c.expected;
            RESULTS.add(String.format("| %s | %s | %s | %s | %s | %.1f |", cli.binary, c.name().toLowerCase(),
                    c.expected == null ? "success" : c.expected, got, pass ? "pass" : "FAIL", seconds));
        }
        List<ModelApiMock.Request> sent = mock.modelRequests();
        List<String> stderr = events.stream().filter(e -> e instanceof DispatchEvent.Stderr)
                .map(e -> ((DispatchEvent.Stderr) e).chunk()).filter(line -> !line.strip().startsWith("at ")).toList();
        String diagnosis = cli + " " + c + ": " + result + "\nrequests: " + mock.requests().stream()
                .map(r -> r.method() + " " + r.path()).toList()
                + "\nstderr (last lines): " + String.join("\n", stderr.subList(Math.max(0, stderr.size() - 15), stderr.size()));

        assertFalse(sent.isEmpty(), () -> "the CLI sent no model request to the mock; " + diagnosis);
        ModelApiMock.Request first = sent.get(0);
        assertEquals(cli.api, first.api(), diagnosis);
        assertEquals(cli.keyHeaderValue, first.headers().get(cli.keyHeader), () -> "key header; " + diagnosis);
        if (c.expected == null) {
            assertTrue(result.success(), diagnosis);
            assertEquals(ModelApiMock.answer(cli.api), result.output(), diagnosis);
            assertTrue(sent.stream().anyMatch(r -> r.model().filter(expectedModel(cli)::equals).isPresent()),
                    () -> "no request named the route's model " + expectedModel(cli) + "; " + diagnosis);
        } else {
            assertFalse(result.success(), diagnosis);
            assertEquals(c.expected, result.failureKind(), diagnosis);
        }
        assertTrue(result.duration().compareTo(BOUND) < 0, diagnosis);
    }

    /** The model name the CLI is expected to send: opencode sends the model without its provider. */
    private static String expectedModel(RealCli cli) {
        int slash = cli.model.indexOf('/');
        return slash < 0 ? cli.model : cli.model.substring(slash + 1);
    }

    private static TestHarnessContext cleanContext(Path home) {
        return TestHarnessContext.builder().clearEnvironment()
                .env("PATH", bin + ":" + nodeDir() + ":/usr/local/bin:/usr/bin:/bin")
                .env("HOME", home.toString())
                .env("TERM", "dumb")
                // Tests stay on loopback: a CLI that honours the proxy variables and tries to reach
                // anything but the mock (telemetry, update checks, plugin downloads) gets a refused
                // connection instead of the network.
                .env("HTTPS_PROXY", DEAD_PROXY).env("HTTP_PROXY", DEAD_PROXY)
                .env("https_proxy", DEAD_PROXY).env("http_proxy", DEAD_PROXY)
                .env("NO_PROXY", "127.0.0.1,localhost").env("no_proxy", "127.0.0.1,localhost")
                .build();
    }

    /** The folder of the {@code node} on this JVM's {@code PATH}: codex's and gemini's launchers are Node scripts. */
    private static String nodeDir() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no node on PATH; codex and gemini need Node 20 or newer");
    }

    private static Harness harness(String id) {
        return findHarness(id).orElseThrow(() -> new IllegalStateException("no harness with id " + id
                + " on the class path"));
    }

    private static Optional<Harness> findHarness(String id) {
        for (Harness h : ServiceLoader.load(Harness.class)) {
            if (h.id().equals(id)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
