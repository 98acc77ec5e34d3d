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
    private final String hint;

    public ConfigException(Path file, List<ConfigProblem> problems, String hint) {
        super(format(file, problems, hint));
        this.file = file;
        this.problems = List.copyOf(problems);
        this.hint = hint == null ? "" : hint;
    }

    public Path file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public String hint() {
        return hint;
    }

    private static String format(Path file, List<ConfigProblem> problems, String hint) {
        String head = problems.size() == 1
                ? "Config " + file + " has 1 problem:"
                : "Config " + file + " has " + problems.size() + " problems:";
        String body = problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        return head + "\n" + body + (hint == null || hint.isEmpty() ? "" : "\n" + hint);
    }
}
