package io.harnessrouter.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.harnessrouter.host.plugins.HarnessInfo;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.plugins.PluginStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code harness-router plugins list [--json]}: every plugin JAR found, with its id, version,
 * provider, harness ids, source, state (with the reason when not started) and the API range it
 * requires; then the notices (which user plugin upgrades a bundled one). Exit 0, or 1 when a
 * plugin failed.
 */
@Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Lists the bundled and user plugins: id, version, provider, harnesses, source, state, API range.",
            "Exit status: 0 when every plugin is started or disabled; 1 when one failed."})
final class PluginsListCommand implements Callable<Integer> {

    @ParentCommand
    PluginsCommand plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--json", description = "Print JSON (an object with dirs, plugins and notices) for programs.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PluginDirs dirs = plugins.dirs(setup);
        PrintWriter out = spec.commandLine().getOut();
        try (HarnessRegistry registry = plugins.load(setup)) {
            List<PluginStatus> all = registry.plugins();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(asJson(dirs, registry)));
            } else {
                print(out, dirs, registry);
            }
            out.flush();
            return all.stream().anyMatch(p -> p.state() == PluginStatus.State.FAILED) ? 1 : 0;
        }
    }

    private static void print(PrintWriter out, PluginDirs dirs, HarnessRegistry registry) {
        out.println("User plugins:    " + dirs.user());
        out.println("Bundled plugins: " + dirs.bundled().map(Object::toString).orElse("(none: not run from a distribution)"));
        if (registry.plugins().isEmpty()) {
            out.println("No plugins installed. Install one with: harness-router plugins install <file.jar>");
        }
        for (PluginStatus p : registry.plugins()) {
            out.println();
            out.println(p.id() + (p.version().isEmpty() ? "" : " " + p.version())
                    + (p.provider().isEmpty() ? "" : " by " + p.provider()) + "  [" + p.source().label() + ", "
                    + p.state().label() + "]");
            out.println("  harnesses: " + (p.harnesses().isEmpty() ? "(none)" : String.join(", ", p.harnesses())));
            out.println("  requires:  harness-router " + p.requires());
            out.println("  jar:       " + p.jar());
            p.reason().ifPresent(r -> out.println("  " + (p.state() == PluginStatus.State.STARTED ? "note" : "why")
                    + ":       " + r));
        }
        List<String> builtins = registry.harnesses().stream().filter(h -> h.source().equals(HarnessInfo.BUILTIN))
                .map(HarnessInfo::id).toList();
        if (!builtins.isEmpty()) {
            out.println();
            out.println("Built into the host: " + String.join(", ", builtins));
        }
        if (!registry.notices().isEmpty()) {
            out.println();
            registry.notices().forEach(n -> out.println("note: " + n));
        }
    }

    private static Map<String, Object> asJson(PluginDirs dirs, HarnessRegistry registry) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("userDir", dirs.user().toString());
        root.put("bundledDir", dirs.bundled().map(Object::toString).orElse(null));
        List<Map<String, Object>> list = new ArrayList<>();
        for (PluginStatus p : registry.plugins()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("version", p.version());
            m.put("provider", p.provider());
            m.put("harnesses", p.harnesses());
            m.put("source", p.source().label());
            m.put("state", p.state().label());
            m.put("reason", p.reason().orElse(null));
            m.put("requires", p.requires());
            m.put("jar", p.jar().toString());
            list.add(m);
        }
        root.put("plugins", list);
        root.put("notices", registry.notices());
        return root;
    }
}
