package io.harnessrouter.api;

import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * One kind of route the router can dispatch to: a coding-agent CLI (Claude Code, Codex, ...) or an
 * HTTP API family (OpenAI-compatible). A plugin contributes one or more harnesses.
 *
 * <p>How the host finds harnesses: plugin JARs in the plugins directories are loaded with PF4J and
 * their {@code @Extension}-annotated implementations of this interface are picked up; harnesses on
 * the host's own class path are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.harnessrouter.api.Harness}. A plugin harness with the id of a
 * built-in one replaces it (so a user can upgrade a bundled harness by dropping in a newer JAR);
 * two plugins with the same {@link #id()} are a conflict: the first one found (the user plugins
 * directory is searched before the bundled one) wins and the other is reported.
 *
 * <p>What the host does with it: for every configured route whose {@code harness} (or
 * {@link #aliases() alias}) matches {@link #id()}, it calls {@link #dispatcher} once per
 * configuration load, {@link #doctorProbe} when {@code harness-router doctor} runs, and
 * {@link #quotaHeaderParser} once per load to interpret every dispatch result of this harness.
 *
 * <p>Thread-safety: implementations must be safe to call from several threads; they are
 * normally stateless factories.
 *
 * @since 0.1.0
 */
public interface Harness extends ExtensionPoint {

    /**
     * The id users write as {@code harness:} in the config, lower snake case, for example
     * {@code claude_code}. For metered (HTTP) routes the host uses {@link #OPENAI_COMPATIBLE}.
     */
    String id();

    /** Id of the harness that serves {@code metered:} routes (OpenAI-compatible chat completions). */
    String OPENAI_COMPATIBLE = "openai_compatible";

    /** Other ids accepted in the config for this harness, for example {@code gemini} for {@code gemini_cli}. */
    default List<String> aliases() {
        return List.of();
    }

    /** Human name shown by {@code doctor} and the dashboards, for example {@code Claude Code CLI}. */
    String displayName();

    /**
     * The binary run when a route does not set {@code command}, for example {@code claude};
     * empty for harnesses that do not run a process (HTTP).
     */
    Optional<String> defaultCommand();

    /**
     * Creates the dispatcher for one configured route. Called when the configuration is loaded or
     * reloaded; the dispatcher lives until the next reload. Must not start processes or do I/O
     * beyond cheap checks (such as resolving the command on {@code PATH}).
     *
     * @param route the route as configured, with the model id the CLI or API expects
     * @param context services the host lends the plugin (logger, clock, process runner, HTTP client)
     */
    Dispatcher dispatcher(RouteSpec route, HarnessContext context);

    /** Creates the probe {@code harness-router doctor} runs for this harness. */
    DoctorProbe doctorProbe(HarnessContext context);

    /**
     * The parser that turns this harness's dispatch results into quota observations. The default
     * ({@link io.harnessrouter.api.support.FailureQuota#PARSER}, since 0.1.0) observes what any
     * result says without figures: rate limited, quota exhausted or auth, with the reset time the
     * result gives. Override it only when the CLI or API reports real figures.
     */
    default QuotaHeaderParser quotaHeaderParser() {
        return io.harnessrouter.api.support.FailureQuota.PARSER;
    }

    /**
     * The timeout of a route of this harness whose config sets no {@code timeout_seconds}, in
     * place of the {@code routing.timeout_seconds} default (600 s, sized for a coding CLI that
     * runs tests). An HTTP harness returns a shorter one; a route's own {@code timeout_seconds}
     * always wins. Empty (the default): the routing default applies.
     *
     * @since 0.1.0
     */
    default java.util.Optional<java.time.Duration> defaultTimeout() {
        return java.util.Optional.empty();
    }
}
