package io.harnessrouter.host.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems (which stop a load) and warnings (which do not) found in one config file,
 * so a user sees all of them at once. Not thread-safe: one instance per load.
 */
final class Problems {
    private final Path file;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void error(int line, String path, String message) {
        errors.add(new ConfigProblem(file, line, path, message));
    }

    void warn(int line, String path, String message) {
        warnings.add(new ConfigProblem(file, line, path, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    /** Every problem, in line order (stable for problems on one line). */
    List<ConfigProblem> errors() {
        return sorted(errors);
    }

    /** Every warning, in line order. */
    List<ConfigProblem> warnings() {
        return sorted(warnings);
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> list) {
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(ConfigProblem::line));
        return List.copyOf(copy);
    }
}
