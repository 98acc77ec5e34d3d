package io.harnessrouter.api.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves a command the way {@link DefaultProcessRunner} runs it. Stateless and thread-safe. */
final class Which {

    private Which() {
    }

    /**
     * A command containing {@code /} is checked as a path (relative to the JVM's working
     * directory); a bare name is searched in the directories of {@code pathVariable} in order (an
     * empty entry is the working directory, as in POSIX). The result must be a regular executable
     * file and is absolute.
     */
    static Optional<Path> find(String command, String pathVariable) {
        if (command == null || command.isEmpty()) {
            return Optional.empty();
        }
        if (command.indexOf('/') >= 0) {
            return runnable(command, "");
        }
        String path = pathVariable == null ? "" : pathVariable;
        for (String dir : path.split(File.pathSeparator, -1)) {
            Optional<Path> found = runnable(command, dir);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Why {@link #find} found nothing, in the words {@code execve} would use. */
    static String whyNot(String command) {
        if (command == null || command.isEmpty()) {
            return "empty command";
        }
        if (command.indexOf('/') >= 0) {
            try {
                if (Files.exists(Path.of(command))) {
                    return "Permission denied";
                }
            } catch (InvalidPathException e) {
                return "invalid path";
            }
        }
        return "No such file or directory";
    }

    private static Optional<Path> runnable(String command, String dir) {
        try {
            Path p = (dir.isEmpty() ? Path.of(command) : Path.of(dir, command)).toAbsolutePath().normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
