package io.harnessrouter.host.config;

import io.harnessrouter.api.HarnessRouterException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used: missing, unreadable, not YAML, or invalid. Carries every
 * problem found, not only the first; the message lists them one per line as
 * {@code file:line: path: message}, followed by a hint.
 */
public class ConfigException extends HarnessRouterException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient List<ConfigProblem> problems;
    private final transient List<ConfigProblem> warnings;
    private final String hint;

    public ConfigException(Path file, List<ConfigProblem> problems, String hint) {
        this(file, problems, List.of(), hint);
    }

    /**
     * With the warnings found in the same file, which often explain a problem (a misspelt
     * {@code subscriptions:} is a warning; the model left without routes is the problem). They
     * are listed after the problems.
     */
    public ConfigException(Path file, List<ConfigProblem> problems, List<ConfigProblem> warnings, String hint) {
        super(format(file, problems, warnings, hint));
        this.file = file;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.hint = hint == null ? "" : hint;
    }

    public Path file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Warnings found while looking for problems; empty when the file could not be read or parsed. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    public String hint() {
        return hint;
    }

    private static String format(Path file, List<ConfigProblem> problems, List<ConfigProblem> warnings, String hint) {
        String head = problems.size() == 1
                ? "Config " + file + " has 1 problem:"
                : "Config " + file + " has " + problems.size() + " problems:";
        String body = problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        String also = warnings.isEmpty() ? ""
                : "\nWarnings:\n" + warnings.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        return head + "\n" + body + also + (hint == null || hint.isEmpty() ? "" : "\n" + hint);
    }
}
