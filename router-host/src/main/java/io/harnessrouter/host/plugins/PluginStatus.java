package io.harnessrouter.host.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One plugin JAR the registry found, for {@code plugins list} and {@code plugins info}: its
 * descriptor, where it came from, what became of it and the harnesses it contributes.
 *
 * @param id        the {@code Plugin-Id}, or the JAR's file name when it has no readable descriptor
 * @param version   the {@code Plugin-Version}, empty without a descriptor
 * @param provider  the {@code Plugin-Provider}, empty when not declared
 * @param requires  the {@code Plugin-Requires} range, {@code *} when not declared
 * @param jar       the JAR file
 * @param source    the user or the bundled plugins directory
 * @param state     what the registry did with it
 * @param reason    why it is not started (the problems, joined), or a note on a started one (empty)
 * @param harnesses the ids of the harnesses its extensions declared, in load order
 */
public record PluginStatus(String id, String version, String provider, String requires, Path jar, Source source,
        State state, Optional<String> reason, List<String> harnesses) {

    /** Which plugins directory the JAR is in. */
    public enum Source {
        USER, BUNDLED;

        /** {@code user} or {@code bundled}, as {@code plugins list} prints it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the registry did with the plugin. */
    public enum State {
        /** Loaded and started; its harnesses serve. */
        STARTED,
        /** Switched off with {@code plugins disable} (or PF4J's {@code disabled.txt}). */
        DISABLED,
        /** Could not be used: see {@link #reason()}. */
        FAILED,
        /** Not loaded because a copy with the same plugin id in an earlier directory is loaded instead. */
        SHADOWED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PluginStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jar, "jar");
        reason = reason == null ? Optional.empty() : reason;
        harnesses = harnesses == null ? List.of() : List.copyOf(harnesses);
    }
}
