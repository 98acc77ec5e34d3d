package io.harnessrouter.plugins.codex;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The OpenAI Codex CLI harness ({@code harness: codex}): runs
 * {@code codex exec --json --skip-git-repo-check -C <dir> --sandbox workspace-write -m <m> -- <prompt>}
 * and reads the JSONL events it prints (see {@link CodexDispatcher}).
 *
 * <p>Found by PF4J (this plugin's JAR) and by {@link java.util.ServiceLoader} (when the plugin is
 * on the host's class path). Codex prints no quota figures, so the API's default quota parser
 * (failure kind, retry-after, reset time of the result) is kept. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class CodexHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "codex";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "codex";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "OpenAI Codex CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new CodexDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new CodexProbe(context);
    }
}
