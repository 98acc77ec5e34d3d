package io.harnessrouter.plugins.gemini;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The Google Gemini CLI harness ({@code harness: gemini_cli}, alias {@code gemini}): runs
 * {@code gemini --prompt=<p> -o json -m <m> --skip-trust --approval-mode auto_edit} and reads the
 * one JSON object it prints (see {@link GeminiDispatcher}).
 *
 * <p>Found by PF4J (this plugin's JAR) and by {@link java.util.ServiceLoader} (when the plugin is
 * on the host's class path). Gemini prints no quota figures, so the API's default quota parser
 * (failure kind, retry-after of the result) is kept. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class GeminiHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "gemini_cli";
    /** The other id accepted for this harness. */
    public static final String ALIAS = "gemini";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "gemini";

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
        return "Google Gemini CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new GeminiDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new GeminiProbe(context);
    }
}
