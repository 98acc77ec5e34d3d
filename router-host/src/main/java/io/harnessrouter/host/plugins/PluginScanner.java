package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.DefaultVersionManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.VersionManager;

/**
 * Reads every plugin JAR's descriptor and entries <em>before</em> PF4J loads anything, and keeps
 * back the JARs that would fail or poison the others: unreadable JARs, JARs without a descriptor,
 * JARs that bundle the SPI, unmet {@code Plugin-Requires}, duplicate plugin ids, and (through
 * {@link DependencyGate}) unmet {@code Plugin-Dependencies}. PF4J's own {@code loadPlugins()}
 * would abort every plugin for one missing dependency; here the bad JAR alone is reported.
 *
 * <p>Not thread-safe; one instance per load.
 */
final class PluginScanner {

    /** What the scan kept, in load order, and what it reported. */
    record Result(List<PluginCandidate> accepted, List<PluginProblem> problems, List<String> notices,
            List<Path> jars, List<PluginCandidate> seen) {
    }

    static final String SPI_PACKAGE_PATH = "io/harnessrouter/api/";
    static final String EXTENSION_INDEX = "META-INF/extensions.idx";

    private final String systemVersion;
    private final VersionManager versions = new DefaultVersionManager();
    private final PluginDescriptorFinder propertiesFinder = new PropertiesPluginDescriptorFinder();
    private final ManifestReader manifestReader = new ManifestReader();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final Set<String> rejectedIds = new HashSet<>();
    private final Set<String> disabled;
    private final List<Path> jars = new ArrayList<>();
    private final List<PluginCandidate> seen = new ArrayList<>();

    PluginScanner(String systemVersion) {
        this(systemVersion, Set.of());
    }

    /** @param disabled plugin ids switched off with {@code plugins disable}: seen and listed, never loaded */
    PluginScanner(String systemVersion, Set<String> disabled) {
        this.systemVersion = systemVersion;
        this.disabled = Set.copyOf(disabled);
    }

    /** Scans the directories in order; the first viable JAR with a given plugin id wins. */
    Result scan(List<Path> dirs) {
        Map<String, PluginCandidate> byId = new LinkedHashMap<>();
        for (Path dir : dirs) {
            for (Path jar : jarsIn(dir)) {
                jars.add(jar);
                read(jar, dir).filter(this::viable).ifPresent(c -> {
                    PluginCandidate first = byId.putIfAbsent(c.id(), c);
                    if (first != null) {
                        shadowed(first, c);
                    }
                });
            }
        }
        for (String id : disabled) {
            PluginCandidate off = byId.remove(id);
            if (off != null) {
                notices.add(off.label() + " is disabled (harness-router plugins enable " + id + " turns it on)");
            }
        }
        rejectedIds.removeAll(byId.keySet());
        List<PluginCandidate> accepted =
                new DependencyGate(versions, rejectedIds).admit(List.copyOf(byId.values()), problems);
        return new Result(accepted, List.copyOf(problems), List.copyOf(notices), List.copyOf(jars), List.copyOf(seen));
    }

    private List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = entries.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            List<Path> jars = new ArrayList<>();
            for (Path file : files) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".jar")) {
                    jars.add(file);
                } else if (name.endsWith(".zip")) {
                    problems.add(new PluginProblem(file.toString(), "zip plugins are not supported",
                            "put the plugin's single (shaded) JAR in " + dir + " instead"));
                }
            }
            return jars;
        } catch (IOException e) {
            problems.add(new PluginProblem(dir.toString(), "cannot list the plugins directory: " + e,
                    "check that it is a readable directory"));
            return List.of();
        }
    }

    private Optional<PluginCandidate> read(Path jar, Path dir) {
        boolean bundlesSpi;
        boolean hasIndex;
        Optional<PluginDescriptor> descriptor;
        try (JarFile file = new JarFile(jar.toFile())) {
            bundlesSpi = file.stream().anyMatch(e -> e.getName().startsWith(SPI_PACKAGE_PATH));
            hasIndex = file.getEntry(EXTENSION_INDEX) != null;
            descriptor = descriptor(jar, file);
        } catch (IOException | RuntimeException e) {
            problems.add(new PluginProblem(jar.toString(), "is not a readable JAR: " + Failures.describe(e),
                    "replace it with a fresh copy or remove it"));
            return Optional.empty();
        }
        if (descriptor.isEmpty()) {
            problems.add(new PluginProblem(jar.toString(),
                    "has no plugin descriptor (Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF, "
                            + "or plugin.properties)",
                    "remove it from " + dir + ", or build it as a harness-router plugin "
                            + "(see docs/plugins.md)"));
            return Optional.empty();
        }
        PluginCandidate candidate = new PluginCandidate(jar, dir, descriptor.get(), hasIndex);
        seen.add(candidate);
        if (bundlesSpi) {
            reject(candidate, "bundles io.harnessrouter.api classes",
                    "declare router-api with <scope>provided</scope>");
            return Optional.empty();
        }
        return Optional.of(candidate);
    }

    /**
     * PF4J's rule ({@code plugin.properties} first, then the manifest), but the manifest is read from
     * the already open JAR: PF4J's properties finder opens a zip file system, which costs tens of
     * milliseconds of class loading at startup.
     */
    private Optional<PluginDescriptor> descriptor(Path jar, JarFile file) throws IOException {
        try {
            PluginDescriptor d = file.getEntry(PropertiesPluginDescriptorFinder.DEFAULT_PROPERTIES_FILE_NAME) != null
                    ? propertiesFinder.find(jar)
                    : manifestReader.read(file);
            boolean valid = d != null && d.getPluginId() != null && !d.getPluginId().isBlank()
                    && d.getVersion() != null && !d.getVersion().isBlank();
            return valid ? Optional.of(d) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Exposes PF4J's manifest-to-descriptor mapping for a manifest read from an open JAR. */
    private static final class ManifestReader extends ManifestPluginDescriptorFinder {
        PluginDescriptor read(JarFile file) throws IOException {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : createPluginDescriptor(manifest);
        }
    }

    /** Whether the plugin accepts this host's version ({@code Plugin-Requires}), PF4J's rules. */
    private boolean viable(PluginCandidate candidate) {
        String declared = candidate.descriptor().getRequires();
        String requires = declared == null || declared.isBlank() ? "*" : declared.trim();
        if (requires.matches("^\\d+\\.\\d+\\.\\d+$")) {
            requires = ">=" + requires; // PF4J reads a bare version as a minimum
        }
        if ("0.0.0".equals(systemVersion) || "*".equals(requires)) {
            return true;
        }
        try {
            if (versions.checkVersionConstraint(systemVersion, requires)) {
                return true;
            }
            reject(candidate, "requires harness-router " + requires + ", this is " + systemVersion,
                    "upgrade harness-router, or install a build of the plugin made for " + systemVersion);
        } catch (RuntimeException e) {
            reject(candidate, "has an invalid Plugin-Requires '" + declared + "' ("
                            + Failures.describe(e) + ")",
                    "fix the plugin's manifest, for example Plugin-Requires: >=" + systemVersion);
        }
        return false;
    }

    private void shadowed(PluginCandidate first, PluginCandidate later) {
        if (first.dir().equals(later.dir())) {
            problems.add(new PluginProblem(later.label(),
                    "plugin id '" + later.id() + "' is also provided by " + first.jar() + ", which is loaded instead",
                    "remove one of the two JARs from " + later.dir()));
        } else {
            notices.add(later.label() + " is not loaded: " + first.label()
                    + " has the same plugin id and its directory comes first");
        }
    }

    private void reject(PluginCandidate candidate, String problem, String fix) {
        rejectedIds.add(candidate.id());
        problems.add(new PluginProblem(candidate.label(), problem, fix));
    }
}
