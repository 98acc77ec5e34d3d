package io.harnessrouter.host.plugins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.PluginDependency;
import org.pf4j.VersionManager;

/**
 * Keeps back the plugins whose {@code Plugin-Dependencies} cannot be met, transitively, so PF4J's
 * resolver only ever sees a consistent set. PF4J itself would throw for the whole set
 * ({@code THROW_EXCEPTION}) or, with {@code IGNORE_PLUGIN_AND_CONTINUE}, unload the
 * <em>dependency</em> of a wrong-version requirement instead of the plugin that asked for it.
 *
 * <p>A plugin is rejected when a required dependency is absent or was rejected, when any present
 * dependency's version does not satisfy the declared range, or when it is part of a dependency
 * cycle. Rejections cascade to dependents. Not thread-safe; one instance per scan.
 */
final class DependencyGate {

    private final VersionManager versions;
    private final Set<String> rejected;

    /**
     * @param versions      PF4J's version rules
     * @param rejectedEarly ids the scanner already rejected, to say "could not be loaded" rather
     *                      than "is not installed"; this gate adds its own rejections to it
     */
    DependencyGate(VersionManager versions, Set<String> rejectedEarly) {
        this.versions = versions;
        this.rejected = rejectedEarly;
    }

    /** The candidates that can be resolved, in their original order; problems for the others. */
    List<PluginCandidate> admit(List<PluginCandidate> candidates, List<PluginProblem> problems) {
        Map<String, PluginCandidate> live = new LinkedHashMap<>();
        candidates.forEach(c -> live.put(c.id(), c));
        boolean changed = true;
        while (changed) {
            changed = rejectUnmet(live, problems) || rejectCycle(live, problems);
        }
        return List.copyOf(live.values());
    }

    private boolean rejectUnmet(Map<String, PluginCandidate> live, List<PluginProblem> problems) {
        boolean changed = false;
        for (PluginCandidate candidate : List.copyOf(live.values())) {
            Optional<PluginProblem> problem = unmet(candidate, live);
            if (problem.isPresent()) {
                live.remove(candidate.id());
                rejected.add(candidate.id());
                problems.add(problem.get());
                changed = true;
            }
        }
        return changed;
    }

    private Optional<PluginProblem> unmet(PluginCandidate candidate, Map<String, PluginCandidate> live) {
        for (PluginDependency dependency : candidate.dependencies()) {
            String id = dependency.getPluginId();
            PluginCandidate target = live.get(id);
            if (target == null) {
                if (dependency.isOptional()) {
                    continue;
                }
                String why = rejected.contains(id) ? "which could not be loaded (see its own problem)"
                        : "which is not installed";
                return Optional.of(new PluginProblem(candidate.label(), "needs plugin '" + id + "', " + why,
                        "install plugin '" + id + "' into the user plugins directory, or remove " + candidate.jar()));
            }
            String range = dependency.getPluginVersionSupport();
            if (range != null && !range.isBlank() && !"*".equals(range) && !satisfies(target.version(), range)) {
                return Optional.of(new PluginProblem(candidate.label(),
                        "needs plugin '" + id + "' " + range + ", but " + target.version() + " is installed",
                        "install a matching version of '" + id + "', or remove " + candidate.jar()));
            }
        }
        return Optional.empty();
    }

    private boolean satisfies(String version, String range) {
        try {
            return versions.checkVersionConstraint(version, range);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean rejectCycle(Map<String, PluginCandidate> live, List<PluginProblem> problems) {
        Map<String, Boolean> done = new HashMap<>();
        for (String id : live.keySet()) {
            Optional<List<String>> cycle = findCycle(id, live, done, new ArrayList<>());
            if (cycle.isPresent()) {
                String path = String.join(" -> ", cycle.get());
                for (String member : cycle.get().subList(0, cycle.get().size() - 1)) {
                    PluginCandidate c = live.remove(member);
                    rejected.add(member);
                    problems.add(new PluginProblem(c.label(), "is part of a dependency cycle: " + path,
                            "remove one of these plugins or break the cycle in Plugin-Dependencies"));
                }
                return true;
            }
        }
        return false;
    }

    /** Depth-first search; {@code done} maps fully explored ids, {@code path} is the current stack. */
    private Optional<List<String>> findCycle(
            String id, Map<String, PluginCandidate> live, Map<String, Boolean> done, List<String> path) {
        int seen = path.indexOf(id);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(id);
            return Optional.of(cycle);
        }
        if (done.containsKey(id) || !live.containsKey(id)) {
            return Optional.empty();
        }
        path.add(id);
        for (PluginDependency dependency : live.get(id).dependencies()) {
            Optional<List<String>> cycle = findCycle(dependency.getPluginId(), live, done, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.put(id, Boolean.TRUE);
        return Optional.empty();
    }
}
