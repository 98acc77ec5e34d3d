package io.harnessrouter.host.cli;

import io.harnessrouter.host.doctor.Doctor;
import io.harnessrouter.host.doctor.DoctorOptions;
import io.harnessrouter.host.doctor.DoctorSession;
import io.harnessrouter.host.doctor.Style;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router doctor}: is each harness's CLI installed and logged in, and does every
 * configured route answer with its own model. The report goes to the command's out writer, plugin
 * problems to its err writer. {@code --config} and {@code --plugins-dir} may be given before or
 * after {@code doctor}; after wins. Exit codes: 0 ready, 1 something is not, 2 usage error
 * (an unknown {@code --harness}).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Checks that each harness's CLI is installed and logged in, then sends every enabled route of the"
                    + " config a one-word prompt through its own dispatcher with its own model.",
            "Live probes are not counted in the state database.",
            "Exit status: 0 when the config loaded, every harness checked is ready and every enabled route"
                    + " answered; 1 when not; 2 on a usage error."
        })
final class DoctorCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final Optional<Style> style;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--harness", paramLabel = "<id>",
            description = "Check only this harness (id or alias) and only its routes.")
    String harness;

    @Option(names = "--probe-routes",
            description = "Probe every enabled route (the default; accepted for users of the npm harness-router).")
    boolean probeRoutes;

    @Option(names = "--no-verify", description = "Check installation and login only; send no prompt to any route.")
    boolean noVerify;

    /** For picocli: the process environment, colour when stdout is a terminal. */
    DoctorCommand() {
        this(System.getenv(), Optional.empty());
    }

    /** For tests: this environment, and this style instead of detecting one. */
    DoctorCommand(Map<String, String> env, Optional<Style> style) {
        this.env = Map.copyOf(env);
        this.style = style;
    }

    @Override
    public Integer call() {
        if (probeRoutes && noVerify) {
            throw new ParameterException(spec.commandLine(),
                    "--probe-routes and --no-verify contradict each other: pass one of them");
        }
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        DoctorOptions options = new DoctorOptions(Optional.ofNullable(where.config), Optional.ofNullable(where.pluginsDir),
                Optional.ofNullable(harness), !noVerify, env, StdioServerCommand.home(env), VersionProvider.version(),
                DoctorOptions.CHECK_TIMEOUT, DoctorOptions.PROBE_TIMEOUT);
        try (DoctorSession session = DoctorSession.open(options)) {
            if (session.unknownHarness()) {
                throw new ParameterException(spec.commandLine(), "--harness: unknown harness '" + harness
                        + "'. Known harnesses: " + String.join(", ", session.harnessIds()));
            }
            Doctor doctor = new Doctor(session, spec.commandLine().getOut(), spec.commandLine().getErr(),
                    style.orElseGet(() -> Style.detect(env)));
            return doctor.run();
        }
    }
}
