package io.harnessrouter.host.cli;

import io.harnessrouter.api.HarnessRouterException;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.doctor.Doctor;
import io.harnessrouter.host.doctor.DoctorOptions;
import io.harnessrouter.host.doctor.DoctorSession;
import io.harnessrouter.host.doctor.Style;
import io.harnessrouter.host.install.Host;
import io.harnessrouter.host.install.HostResult;
import io.harnessrouter.host.install.HostTarget;
import io.harnessrouter.host.install.InstallEnv;
import io.harnessrouter.host.install.Installer;
import io.harnessrouter.host.install.Launcher;
import io.harnessrouter.host.install.McpServer;
import io.harnessrouter.host.install.Scope;
import io.harnessrouter.host.onboard.ConfigDraft;
import io.harnessrouter.host.onboard.ConfigWriter;
import io.harnessrouter.host.onboard.DetectedHarness;
import io.harnessrouter.host.onboard.ModelCatalogue;
import io.harnessrouter.host.onboard.OnboardException;
import io.harnessrouter.host.onboard.OnboardOptions;
import io.harnessrouter.host.onboard.OnboardOptions.Metered;
import io.harnessrouter.host.onboard.OnboardWizard;
import io.harnessrouter.host.onboard.PromptSession;
import io.harnessrouter.host.onboard.Prompter;
import io.harnessrouter.host.onboard.TerminalPrompter;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router onboard}: writes (or edits) the config from what is installed, then adds
 * the server to the MCP hosts and runs {@code doctor}. Interactive through JLine; every answer can
 * be given as a flag instead, and {@code --yes} asks nothing. Exit codes: 0 written, 1 aborted or
 * failed (a host install included), 2 usage error.
 */
@Command(name = "onboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Builds the config step by step: detects the installed CLIs (doctor's checks, with login state),"
                    + " asks for the models (an OpenRouter catalogue pick list when it answers within 2 s, free"
                    + " text always), their priority, each model's harnesses, metered fallbacks for API keys set"
                    + " in the environment (written as $${VAR}, never the value), the fanout default and the MCP"
                    + " hosts to install into; previews, confirms, backs up the old file, writes atomically,"
                    + " installs, and runs doctor.",
            "An existing config is edited (its routes and settings kept) unless --fresh. A step given by a flag"
                    + " is not asked; --yes asks nothing and takes each step's default.",
            "Exit status: 0 written; 1 aborted, nothing to write, or a host install failed; 2 usage error."
        })
final class OnboardCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final InstallEnv installEnv;
    private final Optional<String> launcherHome;
    private final Supplier<PromptSession> terminals;
    private final Clock clock;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--yes", description = "Ask nothing: every step not given by a flag takes its default.")
    boolean yes;

    @Option(names = "--fresh", description = "Start over even when a config exists (the old one is backed up).")
    boolean fresh;

    @Option(names = "--models", paramLabel = "<model>[,<model>...]", split = ",", hideParamSyntax = true,
            description = "The models, best first (this is the priority order).")
    List<String> models;

    @Option(names = "--harness", paramLabel = "<model>=<id>[,<id>...]",
            description = "The subscription harnesses of one model, in order; repeat per model. Default: the"
                    + " model family's own CLI when installed (claude_code, codex, gemini_cli), or the routes the"
                    + " config already has.")
    List<String> harness = new ArrayList<>();

    @Option(names = "--metered", paramLabel = "<model>=<VAR>[@<base_url>]",
            description = "A metered fallback of one model with its key in $VAR (written as $${VAR}); the URL may be"
                    + " left out for ANTHROPIC_API_KEY, OPENAI_API_KEY and GEMINI_API_KEY. Repeatable. Default: one"
                    + " for each of those variables that is set and serves the model.")
    List<String> metered = new ArrayList<>();

    @Option(names = "--no-metered", description = "Offer no metered fallback from the environment.")
    boolean noMetered;

    @Option(names = "--mixture", paramLabel = "<model>[,<model>...]", split = ",", hideParamSyntax = true,
            description = "The fanout default (mixture_default); `all` for every route.")
    List<String> mixture;

    @Option(names = "--install", paramLabel = "<host>[,<host>...]", split = ",", hideParamSyntax = true,
            description = "Install into these MCP hosts. Default: the ones detected.")
    List<String> install;

    @Option(names = "--no-install", description = "Install into no MCP host.")
    boolean noInstall;

    @Option(names = "--no-doctor", description = "Do not run doctor at the end.")
    boolean noDoctor;

    @Option(names = "--no-verify", description = "Run doctor without its live probes (no prompt is sent to any route).")
    boolean noVerify;

    /** For picocli: this machine, its terminal and clock. */
    OnboardCommand() {
        this(System.getenv(), InstallEnv.current(StdioServerCommand.home(System.getenv())),
                HostOptions.launcherHome(System.getenv()), () -> TerminalPrompter.system(), Clock.systemDefaultZone());
    }

    /** For tests: this environment, machine, distribution, terminal and clock. */
    OnboardCommand(Map<String, String> env, InstallEnv installEnv, Optional<String> launcherHome,
            Supplier<PromptSession> terminals, Clock clock) {
        this.env = Map.copyOf(env);
        this.installEnv = installEnv;
        this.launcherHome = launcherHome;
        this.terminals = terminals;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        OnboardOptions options = options();
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        Path home = StdioServerCommand.home(env);
        Path file = ConfigPaths.resolve(Optional.ofNullable(where.config), env, home).toAbsolutePath().normalize();
        PromptSession terminal = yes ? null : terminals.get();
        try {
            PrintWriter out = terminal == null ? spec.commandLine().getOut() : terminal.writer();
            Optional<Prompter> prompter = terminal == null ? Optional.empty() : Optional.of(terminal.prompter());
            return run(options, where, home, file, out, prompter);
        } catch (OnboardException e) {
            if (e.usage()) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println("harness-router onboard: " + e.getMessage());
            return 1;
        } catch (OnboardWizard.Aborted e) {
            err.println("Aborted. No changes written.");
            return 1;
        } finally {
            if (terminal != null) {
                terminal.close();
            }
        }
    }

    private int run(OnboardOptions options, SetupOptions where, Path home, Path file, PrintWriter out,
            Optional<Prompter> prompter) {
        PrintWriter err = spec.commandLine().getErr();
        out.println("harness-router onboard: the config is " + file);
        out.println("Detecting CLIs…");
        out.flush();
        List<DetectedHarness> detected;
        List<String> known;
        try (DoctorSession session = DoctorSession.open(doctorOptions(where, file, home, false))) {
            detected = DetectedHarness.detect(session);
            known = new ArrayList<>(session.harnessIds());
            for (String id : options.harness().values().stream().flatMap(List::stream).toList()) {
                if (session.registry().find(id).isEmpty()) {
                    throw OnboardException.usage("--harness: unknown harness '" + id + "'. Known harnesses: "
                            + String.join(", ", known));
                }
            }
        }
        detected.forEach(d -> out.println("  " + d.line()));
        long installed = detected.stream().filter(DetectedHarness::installed).count();
        out.println("Detected " + installed + " of " + detected.size() + " CLIs."
                + (installed == 0 ? " Metered routes still work; install a CLI to use a subscription." : ""));
        List<Host> hosts = Arrays.stream(Host.values())
                .filter(h -> HostTarget.of(h, Scope.USER, installEnv).detectedBy().isPresent()).toList();
        URI catalogueUrl = ModelCatalogue.url(env);
        OnboardWizard wizard = new OnboardWizard(options, env, detected, known,
                () -> ModelCatalogue.fetch(catalogueUrl, ModelCatalogue.TIMEOUT), hosts, prompter, out);
        ConfigDraft draft = startingDraft(file, options, wizard);
        Optional<OnboardWizard.Outcome> outcome = wizard.run(draft, file.toString());
        if (outcome.isEmpty()) {
            throw new OnboardWizard.Aborted();
        }
        Optional<Path> backup = ConfigWriter.write(file, outcome.get().draft().render(), env, clock);
        out.println("Wrote " + file + backup.map(b -> " (the old one is in " + b + ")").orElse(""));
        boolean installsOk = install(outcome.get().hosts(), file, home, out, err);
        if (!noDoctor) {
            out.println();
            out.flush();
            try (DoctorSession session = DoctorSession.open(doctorOptions(where, file, home, !noVerify))) {
                int code = new Doctor(session, out, err, Style.detect(env)).run();
                out.println(code == 0 ? "Ready." : "doctor found something to fix (above); fix it and run"
                        + " `harness-router doctor` again. The config is written.");
            }
        }
        out.flush();
        return installsOk ? 0 : 1;
    }

    /** The existing config to edit, or a new one. */
    private ConfigDraft startingDraft(Path file, OnboardOptions options, OnboardWizard wizard) {
        if (!Files.exists(file)) {
            return ConfigDraft.empty();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw OnboardException.failure("cannot read " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw OnboardException.failure("cannot read " + file + ": " + e.getCause().getMessage());
        }
        if (options.fresh()) {
            return ConfigDraft.empty();
        }
        ConfigDraft existing;
        try {
            existing = ConfigDraft.parse(text);
        } catch (IllegalArgumentException e) {
            throw OnboardException.failure(file + " cannot be edited: " + e.getMessage()
                    + ". Fix it, or pass --fresh to start over (it is backed up first).");
        }
        return wizard.editExisting(file.toString(), existing) ? existing : ConfigDraft.empty();
    }

    private boolean install(List<Host> hosts, Path file, Path home, PrintWriter out, PrintWriter err) {
        if (hosts.isEmpty()) {
            return true;
        }
        Path launcher;
        try {
            launcher = Launcher.locate(launcherHome);
        } catch (HarnessRouterException e) {
            err.println("harness-router onboard: no host install: " + e.getMessage()
                    + " (the config is written; run `harness-router install` from the distribution)");
            return false;
        }
        // The host starts the server without our environment: any file but the default is passed explicitly.
        List<String> args = new ArrayList<>();
        if (!file.equals(ConfigPaths.defaultPath(home).toAbsolutePath().normalize())) {
            args.add("--config");
            args.add(file.toString());
        }
        McpServer server = new McpServer("harness-router", launcher, args);
        List<HostResult> results = new Installer(installEnv, Scope.USER).install(hosts, server, false);
        out.println();
        HostReport.text(out, err, "Installing harness-router (" + launcher
                + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "), user scope:", false, results);
        return HostReport.exitCode(results, false) == 0;
    }

    private DoctorOptions doctorOptions(SetupOptions where, Path file, Path home, boolean live) {
        return new DoctorOptions(Optional.of(file), Optional.ofNullable(where.pluginsDir), Optional.empty(), live, env,
                home, VersionProvider.version(), DoctorOptions.CHECK_TIMEOUT, DoctorOptions.PROBE_TIMEOUT);
    }

    /** The flags as answers; a malformed one is a usage error. */
    private OnboardOptions options() {
        if (noInstall && install != null) {
            throw new ParameterException(spec.commandLine(), "--install and --no-install contradict each other");
        }
        if (noMetered && !metered.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--metered and --no-metered contradict each other");
        }
        Map<String, List<String>> harnesses = new LinkedHashMap<>();
        for (String value : harness) {
            String[] parts = pair("--harness", value, "<model>=<id>[,<id>...]");
            List<String> ids = Arrays.stream(parts[1].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (ids.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--harness " + value + ": name at least one harness id");
            }
            harnesses.merge(parts[0], ids, (a, b) -> { List<String> all = new ArrayList<>(a); all.addAll(b); return all; });
        }
        Map<String, List<Metered>> meters = new LinkedHashMap<>();
        for (String value : metered) {
            String[] parts = pair("--metered", value, "<model>=<VAR>[@<base_url>]");
            Metered m;
            try {
                m = Metered.parse(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--metered " + value + ": " + e.getMessage());
            }
            meters.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(m);
        }
        Optional<List<Host>> hosts = Optional.ofNullable(install).map(ids -> ids.stream().map(String::strip)
                .map(id -> Host.byId(id).orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--install: unknown host '" + id + "'. Known hosts: " + Host.ids())))
                .distinct().toList());
        Optional<List<String>> mix = Optional.ofNullable(mixture).map(m -> m.stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList()).map(m -> m.equals(List.of("all")) ? List.of() : m);
        Optional<List<String>> chosen = Optional.ofNullable(models).map(m -> m.stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
        if (chosen.isPresent() && chosen.get().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--models: name at least one model");
        }
        return new OnboardOptions(yes, fresh, chosen, harnesses, meters, noMetered, mix, hosts, noInstall);
    }

    private String[] pair(String flag, String value, String form) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new ParameterException(spec.commandLine(), flag + " " + value + ": expected " + form);
        }
        return new String[] {value.substring(0, eq).strip(), value.substring(eq + 1).strip()};
    }
}
