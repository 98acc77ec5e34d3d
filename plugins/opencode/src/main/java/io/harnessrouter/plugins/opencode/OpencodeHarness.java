package io.harnessrouter.plugins.opencode;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The opencode CLI harness ({@code harness: opencode}): runs
 * {@code opencode run --format json -m <provider/model> --dir <dir> --auto -- <prompt>} and reads
 * the JSONL events it prints (see {@link OpencodeDispatcher}).
 *
 * <p>Found by PF4J (this plugin's JAR) and by {@link java.util.ServiceLoader} (when the plugin is
 * on the host's class path). opencode prints no quota figures of its own; the response headers of
 * a failed provider call are kept in the result, and the API's default quota parser (failure kind,
 * retry-after, reset time of the result) is kept. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class OpencodeHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "opencode";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "opencode";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "opencode";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new OpencodeDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new OpencodeProbe(context);
    }
}
