package io.harnessrouter.host.status;

import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigMissingException;
import io.harnessrouter.host.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of the config file as a status report shows it: which file, whether it is in use, and
 * every problem with its file, line and path, so the JSON status carries what the text shows.
 * Immutable.
 *
 * @param state    loaded, stale (the last edit was refused; the previous config is in use),
 *                 invalid, or missing
 * @param file     the file looked at
 * @param message  the loader's whole message for a config that is not in use or an edit that was
 *                 refused; empty when loaded
 * @param errors   the problems of that message, one per {@code file:line: path}
 * @param warnings the warnings of the config in use; of the failed load when none is
 * @param fix      what to do next; empty when loaded
 */
public record ConfigStatus(State state, Path file, String message, List<ConfigProblem> errors,
        List<ConfigProblem> warnings, String fix) {

    /** Whether the config file is in use. */
    public enum State {
        LOADED, STALE, INVALID, MISSING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String STALE_PREFIX = "the last edit was refused, still using the previous config: ";
    private static final String FIX_PROBLEMS = "fix the problems listed; the file is re-read on the next call";

    public ConfigStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(file, "file");
        message = message == null ? "" : message;
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        fix = fix == null ? "" : fix;
    }

    /** The config in {@code file} is in use, with these warnings. */
    public static ConfigStatus loaded(Path file, List<ConfigProblem> warnings) {
        return new ConfigStatus(State.LOADED, file, "", List.of(), warnings, "");
    }

    /** An edit of {@code file} was refused for {@code refused}; the previous config, with {@code warnings}, is in use. */
    public static ConfigStatus stale(Path file, ConfigException refused, List<ConfigProblem> warnings) {
        return new ConfigStatus(State.STALE, file, STALE_PREFIX + refused.getMessage(), refused.problems(), warnings,
                fix(refused));
    }

    /** No config is in use: {@code error} says why (empty when nothing was ever loaded and nothing failed). */
    public static ConfigStatus notLoaded(Path file, Optional<ConfigException> error) {
        if (error.isEmpty()) {
            return new ConfigStatus(State.INVALID, file, "no configuration loaded from " + file, List.of(), List.of(),
                    FIX_PROBLEMS);
        }
        ConfigException e = error.get();
        State state = e instanceof ConfigMissingException ? State.MISSING : State.INVALID;
        return new ConfigStatus(state, file, e.getMessage(), e.problems(), e.warnings(), fix(e));
    }

    private static String fix(ConfigException e) {
        if (e instanceof ConfigMissingException) {
            return ConfigLoader.MISSING_FILE_FIX;
        }
        return e.hint().isEmpty() ? FIX_PROBLEMS : FIX_PROBLEMS + ". " + e.hint();
    }

    /** Whether a config is in use (loaded, or stale). */
    public boolean inUse() {
        return state == State.LOADED || state == State.STALE;
    }

    /** The text status's "config problem": the message, when there is one. */
    public Optional<String> problem() {
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }
}
