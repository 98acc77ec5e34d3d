package io.harnessrouter.plugins.claudecode;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The Claude Code CLI harness ({@code harness: claude_code}): runs
 * {@code claude -p --output-format stream-json --verbose --model <m> --allowedTools Bash,Read,Edit,Write
 * --permission-mode acceptEdits -- <prompt>} (tools and mode per route)
 * in the request's working directory, relays its stream events and reads the final result event.
 *
 * <p>Found by PF4J (this plugin's JAR) and by {@link java.util.ServiceLoader} (when the plugin is
 * on the host's class path). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class ClaudeCodeHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "claude_code";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "claude";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Claude Code CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new ClaudeCodeDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new ClaudeCodeProbe(context);
    }
}
