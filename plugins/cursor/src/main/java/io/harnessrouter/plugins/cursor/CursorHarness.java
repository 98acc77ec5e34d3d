package io.harnessrouter.plugins.cursor;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.ProcessRunner;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The Cursor CLI harness ({@code harness: cursor}): runs
 * {@code agent -p --output-format json --trust --workspace <dir> --model <m> <prompt>} and reads
 * the JSON result object it prints (see {@link CursorDispatcher}).
 *
 * <p><b>Built from Cursor's published docs only.</b> Cursor's CLI is on no package registry
 * reachable from our build, so nothing here was run against the real binary; the README and the
 * doctor say so ({@link #UNVERIFIED_NOTE}).
 *
 * <p>The binary is {@code agent}; the older name {@code cursor-agent} is run instead when
 * {@code agent} is not on {@code PATH} ({@link #resolveCommand}). Found by PF4J (this plugin's
 * JAR) and by {@link java.util.ServiceLoader}. Cursor's docs name no usage figures, so the API's
 * default quota parser (failure kind, retry-after, reset time of the result) is kept. Stateless
 * and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class CursorHarness implements Harness {

    /** The id users write as {@code harness:}. */
    public static final String ID = "cursor";
    /** The binary run when a route sets no {@code command}. */
    public static final String DEFAULT_COMMAND = "agent";
    /** The CLI's older binary name, run when {@link #DEFAULT_COMMAND} is not on {@code PATH}. */
    public static final String OLD_COMMAND = "cursor-agent";
    /** What the doctor says about where this plugin's facts come from. */
    public static final String UNVERIFIED_NOTE = "cursor: built from Cursor's docs; not verified against a real binary";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Cursor CLI";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of(DEFAULT_COMMAND);
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new CursorDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new CursorProbe(context);
    }

    /**
     * The binary for {@code command}: a command other than {@code agent} as written; {@code agent}
     * (or none) stays {@code agent} when that is on {@code PATH} or {@code cursor-agent} is not,
     * and becomes {@code cursor-agent} when only the older name is installed.
     */
    static String resolveCommand(Optional<String> command, ProcessRunner runner) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(DEFAULT_COMMAND);
        if (!cmd.equals(DEFAULT_COMMAND) || runner.which(DEFAULT_COMMAND).isPresent()
                || runner.which(OLD_COMMAND).isEmpty()) {
            return cmd;
        }
        return OLD_COMMAND;
    }
}
