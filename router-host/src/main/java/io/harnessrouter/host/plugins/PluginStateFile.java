package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plugins {@code harness-router plugins disable} switched off: one plugin id a line in
 * {@code <user plugins dir>-disabled.txt} beside the user plugins directory (by default
 * {@code ~/.harness-router/plugins-disabled.txt}), {@code #} starts a comment. Beside, not inside,
 * so the plugins directory holds only plugins; a small file, not the state database, so it can be
 * read and edited without the server. It applies to user and bundled plugins alike. Writes replace
 * the file atomically. A missing or unreadable file disables nothing.
 *
 * <p>Immutable (each change writes the file); safe to use from several processes, last write wins.
 */
public final class PluginStateFile {

    private final Path file;

    private PluginStateFile(Path file) {
        this.file = file;
    }

    /** The state file for these plugin directories. */
    public static PluginStateFile of(PluginDirs dirs) {
        Path user = dirs.user();
        return new PluginStateFile(user.resolveSibling(user.getFileName() + "-disabled.txt"));
    }

    /** Where the file is (it may not exist). */
    public Path path() {
        return file;
    }

    /** The disabled plugin ids; empty when the file is missing or unreadable. */
    public Set<String> disabled() {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            Set<String> ids = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = line.replaceFirst("#.*$", "").trim();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
            return Set.copyOf(ids);
        } catch (IOException | UncheckedIOException e) {
            return Set.of();
        }
    }

    /** Switches {@code pluginId} off or on; returns whether that changed anything. */
    public boolean set(String pluginId, boolean disabled) throws IOException {
        Set<String> ids = new LinkedHashSet<>(disabled());
        boolean changed = disabled ? ids.add(pluginId) : ids.remove(pluginId);
        if (changed) {
            List<String> lines = new ArrayList<>();
            lines.add("# Plugins switched off by `harness-router plugins disable`; one plugin id a line.");
            lines.addAll(ids.stream().sorted().toList());
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            AtomicFiles.move(tmp, file);
        }
        return changed;
    }
}
