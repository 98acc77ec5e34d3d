package io.harnessrouter.api.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessrouter.api.Availability;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
