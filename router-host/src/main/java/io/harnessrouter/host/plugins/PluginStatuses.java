package io.harnessrouter.host.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.PluginDescriptor;

/**
 * Puts together one {@link PluginStatus} per scanned JAR from what the scan, PF4J and the harness
 * table reported. Problems are matched to a JAR by the exact name they were filed under (its
 * {@link PluginCandidate#label() label}, or its path when it had no descriptor). Stateless.
 */
final class PluginStatuses {

    private PluginStatuses() {
    }

    static List<PluginStatus> of(PluginScanner.Result scan, Set<PluginCandidate> started, Set<String> disabled,
            Optional<Path> userDir, List<PluginProblem> problems, Map<String, List<String>> contributed) {
        Map<Path, PluginCandidate> byJar = new HashMap<>();
        scan.seen().forEach(c -> byJar.put(c.jar(), c));
        Set<PluginCandidate> accepted = new HashSet<>(scan.accepted());
        List<PluginStatus> out = new ArrayList<>();
        for (Path jar : scan.jars()) {
            PluginCandidate c = byJar.get(jar);
            PluginStatus.Source source = userDir.map(u -> u.equals(jar.getParent())).orElse(false)
                    ? PluginStatus.Source.USER : PluginStatus.Source.BUNDLED;
            if (c == null) {
                out.add(new PluginStatus(jar.getFileName().toString(), "", "", "*", jar, source,
                        PluginStatus.State.FAILED, reasons(problems, jar.toString()), List.of()));
                continue;
            }
            Optional<String> reasons = reasons(problems, c.label());
            PluginStatus.State state;
            if (disabled.contains(c.id())) {
                state = PluginStatus.State.DISABLED;
            } else if (started.contains(c)) {
                state = PluginStatus.State.STARTED;
            } else if (reasons.isPresent()) {
                state = PluginStatus.State.FAILED;
            } else if (accepted.contains(c)) {
                state = PluginStatus.State.DISABLED; // PF4J's disabled.txt, or a dependency that is disabled
            } else {
                state = PluginStatus.State.SHADOWED;
            }
            PluginDescriptor d = c.descriptor();
            out.add(new PluginStatus(c.id(), c.version(), nonNull(d.getProvider()),
                    d.getRequires() == null || d.getRequires().isBlank() ? "*" : d.getRequires().trim(), jar, source,
                    state, reasons, contributed.getOrDefault(c.label(), List.of())));
        }
        return out;
    }

    private static Optional<String> reasons(List<PluginProblem> problems, String plugin) {
        List<String> texts = problems.stream().filter(p -> p.plugin().equals(plugin)).map(PluginProblem::problem)
                .toList();
        return texts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", texts));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
