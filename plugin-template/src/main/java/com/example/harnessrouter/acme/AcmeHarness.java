package com.example.harnessrouter.acme;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The Acme Code CLI harness ({@code harness: acme_code}, alias {@code acme}): runs
 * {@code acme run --json --model <m> -- <prompt>} in the request's working directory and reads
 * the JSONL events it prints (see {@link AcmeDispatcher}).
 *
 * <p>This class is what the host looks for. {@code @Extension} makes PF4J's annotation processor
 * list it in {@code META-INF/extensions.idx}, which is how the host finds it in the plugin JAR;
 * {@code META-INF/services/io.harnessrouter.api.Harness} lists it too, so it is also found when the
 * JAR is on a class path (the contract test checks both).
 *
 * <p>No {@code quotaHeaderParser()}: the Acme CLI prints no capacity figures, so the API's default
 * ({@link io.harnessrouter.api.support.FailureQuota#PARSER}) observes what each result says: rate
 * limited, quota exhausted or auth, with its reset time. Override it when your CLI reports
 * figures (see the plugin authoring guide).
 *
 * <p>Stateless and thread-safe: the host calls {@link #dispatcher} once per route and config load.
 */
@Extension
public final class AcmeHarness implements Harness {

    /** The id users write as {@code harness:} in the config. */
    public static final String ID = "acme_code";
    /** Another id the config accepts for this harness. */
    public static final String ALIAS = "acme";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "acme";

    /** PF4J and {@link java.util.ServiceLoader} create extensions through a public no-argument constructor. */
    public AcmeHarness() {
        // Keep it cheap and side-effect free: a throwing constructor makes the host drop the plugin.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> aliases() {
        return List.of(ALIAS);
    }

    @Override
    public String displayName() {
        return "Acme Code CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new AcmeDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new AcmeProbe(context);
    }
}
