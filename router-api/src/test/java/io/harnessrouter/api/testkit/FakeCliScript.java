package io.harnessrouter.api.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a fake CLI executable for one scenario: a POSIX {@code sh} script that prints the given
 * lines, sleeps, hangs with a child process, and exits with the given code, in the order the
 * steps were added. For the scenarios a plugin's own fake does not cover, for example
 * {@code FakeCliScript.named("acme").stdoutRepeated(line, 150_000).stdout(doneLine).writeTo(dir)}
 * for output past the runner's capture cap. The arguments it is called with are ignored.
 *
 * <p>Not thread-safe; build it in one test.
 *
 * @since 0.1.0
 */
public final class FakeCliScript {

    private final String name;
    private final List<String> steps = new ArrayList<>();
    private int exitCode;

    private FakeCliScript(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A script written as {@code <dir>/<name>}. */
    public static FakeCliScript named(String name) {
        return new FakeCliScript(name);
    }

    /** Prints {@code line} and a newline on stdout. */
    public FakeCliScript stdout(String line) {
        steps.add("printf '%s\\n' " + quote(line));
        return this;
    }

    /** Prints {@code line} {@code times} times on stdout, fast (for output past a capture cap). */
    public FakeCliScript stdoutRepeated(String line, int times) {
        steps.add("yes " + quote(line) + " | head -n " + times);
        return this;
    }

    /** Prints {@code line} and a newline on stderr. */
    public FakeCliScript stderr(String line) {
        steps.add("printf '%s\\n' " + quote(line) + " >&2");
        return this;
    }

    /** Sleeps (whole seconds, at least one). */
    public FakeCliScript sleep(Duration duration) {
        steps.add("sleep " + Math.max(1, duration.toSeconds()));
        return this;
    }

    /**
     * Never exits on its own: starts a child that sleeps five minutes, writes the child's pid to
     * {@code pidFile}, and waits for it, so a test can check that a timeout killed the whole tree.
     */
    public FakeCliScript hangWithChild(Path pidFile) {
        steps.add("sleep 300 &");
        steps.add("printf '%s\\n' \"$!\" > " + quote(pidFile.toString()));
        steps.add("wait");
        return this;
    }

    /** The exit code at the end (default 0). */
    public FakeCliScript exit(int code) {
        this.exitCode = code;
        return this;
    }

    /** Writes the executable script into {@code dir} and returns its path. */
    public Path writeTo(Path dir) {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# fake " + name + " written by FakeCliScript\n");
        steps.forEach(step -> script.append(step).append('\n'));
        script.append("exit ").append(exitCode).append('\n');
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, script, StandardCharsets.UTF_8);
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
