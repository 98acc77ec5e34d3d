package io.harnessrouter.plugins.copilot;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The GitHub Copilot CLI harness ({@code harness: copilot}): runs
 * {@code copilot --prompt=<p> --output-format json --model <m> -C <dir> --allow-all-tools
 * --no-auto-update --no-ask-user} and reads the JSONL events it prints (see
 * {@link CopilotDispatcher}).
 *
 * <p>Found by PF4J (this plugin's JAR) and by {@link java.util.ServiceLoader} (when the plugin is
 * on the host's class path). Copilot reports the premium requests a session used, but no window
 * figures (used of the month's allowance, limit, reset), so the API's default quota parser
 * (failure kind, retry-after, reset time of the result) is kept. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class CopilotHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "copilot";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "copilot";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "GitHub Copilot CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new CopilotDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new CopilotProbe(context);
    }
}
