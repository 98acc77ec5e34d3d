package io.harnessrouter.host.cli;

import io.harnessrouter.host.plugins.MavenPluginResolver;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.plugins.PluginInstallException;
import io.harnessrouter.host.plugins.PluginInstaller;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router plugins install <file.jar | groupId:artifactId[:version]> [--force]}:
 * validates the plugin as the server would load it, then copies it atomically into the user
 * plugins directory and prints what was installed and the config line that routes to it. From
 * Maven coordinates it first resolves the JAR with Maven Resolver against the repositories of the
 * user's {@code ~/.m2/settings.xml} ({@link MavenPluginResolver}). Exit 0 installed, 1 refused.
 */
@Command(name = "install", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Validates a plugin JAR and copies it into the user plugins directory.",
            "From Maven coordinates (groupId:artifactId[:version], default the newest release) it resolves the"
                    + " JAR from the repositories in ~/.m2/settings.xml (mirrors and localRepository included).",
            "A running server picks it up within about a second; no restart is needed.",
            "Exit status: 0 installed; 1 refused (nothing copied) or failed; 2 usage error."})
final class PluginsInstallCommand implements Callable<Integer> {

    @ParentCommand
    PluginsCommand plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Parameters(index = "0", paramLabel = "<file.jar | groupId:artifactId[:version]>",
            description = "A plugin JAR, or the Maven coordinates of one.")
    String what;

    @Option(names = "--force", description = "Replace an installed plugin with the same plugin id (upgrade or downgrade).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PluginDirs dirs = plugins.dirs(setup);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path jar;
            Path file = Path.of(what);
            if (Files.exists(file) || what.endsWith(".jar") || !MavenPluginResolver.looksLikeCoordinates(what)) {
                jar = file;
            } else {
                MavenPluginResolver resolver = new MavenPluginResolver(StdioServerCommand.home(plugins.env()));
                jar = resolver.resolve(what, err);
            }
            PluginInstaller.Installed done = new PluginInstaller(dirs, plugins.systemVersion()).install(jar, force);
            var p = done.plugin();
            out.println("Installed plugin " + p.id() + " " + p.version()
                    + (p.provider().isEmpty() ? "" : " by " + p.provider()) + " as " + done.jar());
            done.replaced().stream().filter(old -> !old.equals(done.jar()))
                    .forEach(old -> out.println("  replaced " + old));
            out.println("  harnesses: " + String.join(", ", p.harnesses()));
            done.notices().forEach(n -> out.println("  note: " + n));
            out.println("Route to it from a model in your config (~/.harness-router/config.yaml or --config), for example:");
            out.println("  models:");
            out.println("    <model>:");
            out.println("      subscription:");
            out.println("        - harness: " + p.harnesses().get(0));
            out.println("A running harness-router server picks it up on its next request (about a second); no restart"
                    + " is needed.");
            out.flush();
            return 0;
        } catch (PluginInstallException e) {
            err.println("harness-router plugins install: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
