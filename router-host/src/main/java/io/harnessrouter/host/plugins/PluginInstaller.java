package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code harness-router plugins install/remove/enable/disable} do to the user plugins
 * directory. An install validates before it copies: the JAR is loaded on trial, from a staging
 * directory searched before the user and bundled directories, exactly as the server would load it
 * (descriptor, {@code Plugin-Requires}, bundled SPI, start, at least one {@code Harness}); then no
 * other user plugin may declare one of its harness ids, and a plugin with its id must not be
 * installed already unless forced. Only then is it copied in, atomically (a temporary file in the
 * directory, then one rename), as {@code <plugin-id>-<version>.jar}.
 *
 * <p>Not thread-safe; one instance per command. Separate processes may race: the last rename wins
 * and a running server sees one whole JAR or the other.
 */
public final class PluginInstaller {

    /** What an install did. */
    public record Installed(PluginStatus plugin, Path jar, List<Path> replaced, List<String> notices) {
    }

    private final PluginDirs dirs;
    private final String systemVersion;

    public PluginInstaller(PluginDirs dirs, String systemVersion) {
        this.dirs = dirs;
        this.systemVersion = systemVersion;
    }

    /** Validates {@code jar} and copies it into the user plugins directory. */
    public Installed install(Path jar, boolean force) throws PluginInstallException, IOException {
        if (!Files.isRegularFile(jar)) {
            throw new PluginInstallException("no such file: " + jar);
        }
        Path staging = Files.createTempDirectory("harness-router-install");
        try {
            Path staged = staging.resolve(jar.getFileName().toString().endsWith(".jar")
                    ? jar.getFileName().toString() : jar.getFileName() + ".jar");
            Files.copy(jar, staged);
            PluginStatus plugin;
            List<Path> replaced;
            List<String> notices;
            List<Path> order = new ArrayList<>();
            order.add(staging);
            order.addAll(dirs.searchOrder());
            try (HarnessRegistry trial = HarnessRegistry.load(order, systemVersion, java.util.Set.of(),
                    PluginCalls.DEFAULT_LIMIT)) {
                plugin = trial.plugins().stream().filter(p -> p.jar().equals(staged)).findFirst()
                        .orElseThrow(() -> new PluginInstallException(jar + " was not found by the plugin scan"));
                if (plugin.state() != PluginStatus.State.STARTED) {
                    throw new PluginInstallException(jar + " cannot be installed: "
                            + plugin.reason().orElse("it did not start") + "; nothing was copied");
                }
                if (plugin.harnesses().isEmpty()) {
                    throw new PluginInstallException(jar + " cannot be installed: plugin " + plugin.id()
                            + " contributes no Harness (see docs/plugins.md); nothing was copied");
                }
                checkCollisions(plugin, trial.plugins());
                replaced = installedCopies(plugin.id(), trial.plugins());
                if (!replaced.isEmpty() && !force) {
                    throw new PluginInstallException("plugin " + plugin.id() + " is already installed as "
                            + replaced.get(0) + "; pass --force to replace it with " + plugin.version());
                }
                notices = trial.notices().stream().filter(n -> n.contains(staged.toString())).toList();
            }
            Path target = dirs.user().resolve(plugin.id() + "-" + plugin.version() + ".jar");
            Files.createDirectories(dirs.user());
            Path tmp = Files.createTempFile(dirs.user(), ".install-", ".tmp");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.move(tmp, target);
            for (Path old : replaced) {
                if (!old.equals(target)) {
                    Files.deleteIfExists(old);
                }
            }
            List<String> said = notices.stream().map(n -> n.replace(staged.toString(), target.toString())).toList();
            return new Installed(withJar(plugin, target), target, replaced, said);
        } finally {
            deleteTree(staging);
        }
    }

    /** Deletes the user plugin with this plugin id (or JAR file name); returns the files deleted. */
    public List<Path> remove(String id) throws PluginInstallException, IOException {
        List<PluginCandidate> user = scan(List.of(dirs.user()));
        List<Path> jars = user.stream().filter(c -> c.id().equals(id) || c.jar().getFileName().toString().equals(id))
                .map(PluginCandidate::jar).toList();
        if (jars.isEmpty()) {
            if (dirs.bundled().isPresent()
                    && scan(List.of(dirs.bundled().get())).stream().anyMatch(c -> c.id().equals(id))) {
                throw new PluginInstallException("plugin " + id + " is bundled with harness-router and cannot be"
                        + " removed; harness-router plugins disable " + id + " switches it off");
            }
            throw new PluginInstallException("no user plugin '" + id + "' is installed in " + dirs.user()
                    + " (installed: " + String.join(", ", user.stream().map(PluginCandidate::id).sorted().toList())
                    + "); see harness-router plugins list");
        }
        for (Path jar : jars) {
            Files.delete(jar);
        }
        return jars;
    }

    /** Switches a user or bundled plugin off or on; returns whether the state changed. */
    public boolean setDisabled(String id, boolean disabled) throws PluginInstallException, IOException {
        List<PluginCandidate> all = scan(dirs.searchOrder());
        if (all.stream().noneMatch(c -> c.id().equals(id))) {
            throw new PluginInstallException("no plugin '" + id + "' is installed (plugins: "
                    + String.join(", ", all.stream().map(PluginCandidate::id).distinct().sorted().toList())
                    + "); see harness-router plugins list");
        }
        return PluginStateFile.of(dirs).set(id, disabled);
    }

    private void checkCollisions(PluginStatus plugin, List<PluginStatus> all) throws PluginInstallException {
        for (PluginStatus other : all) {
            if (dirs.user().equals(other.jar().getParent()) && !other.id().equals(plugin.id())) {
                for (String harness : plugin.harnesses()) {
                    if (other.harnesses().contains(harness)) {
                        throw new PluginInstallException("plugin " + plugin.id() + " provides harness '" + harness
                                + "', which user plugin " + other.id() + " (" + other.jar() + ") already provides;"
                                + " remove it first (harness-router plugins remove " + other.id()
                                + "); nothing was copied");
                    }
                }
            }
        }
    }

    private List<Path> installedCopies(String id, List<PluginStatus> all) {
        return all.stream().filter(p -> dirs.user().equals(p.jar().getParent()) && p.id().equals(id))
                .map(PluginStatus::jar).toList();
    }

    private List<PluginCandidate> scan(List<Path> where) {
        return new PluginScanner(systemVersion).scan(where.stream().filter(Files::isDirectory).toList()).seen();
    }

    private static PluginStatus withJar(PluginStatus p, Path jar) {
        return new PluginStatus(p.id(), p.version(), p.provider(), p.requires(), jar, PluginStatus.Source.USER,
                p.state(), p.reason(), p.harnesses());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // a temp directory left behind is harmless
        }
    }

}
