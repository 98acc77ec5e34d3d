package io.harnessrouter.api.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Fake coding-agent CLIs for tests: POSIX {@code sh} scripts under {@code /fake-clis/<name>} on
 * the test class path (this artifact ships {@code claude}) that parse the real CLI's argv and
 * answer like it, with the behaviour picked by environment variables (for the fake
 * {@code claude}: {@code FAKE_CLAUDE_MODE}, see the script's header).
 *
 * <p>Maven does not keep exec bits of resources, so {@link #install} copies the script to a
 * directory (a {@code @TempDir}) and makes it executable. Put that directory first on the
 * {@code PATH} of the context ({@link TestHarnessContext.Builder#prependPath}) or use the
 * returned absolute path as the route's {@code command}.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeClis {

    private FakeClis() {
    }

    /**
     * A test context with the fake CLI {@code name} installed in {@code bin} and first on
     * {@code PATH}, the variables in {@code scrubbed} removed (a developer's own settings must not
     * change what a test sees), and {@code env} added. Close it after the test.
     */
    public static TestHarnessContext contextWithFake(String name, Path bin, java.util.Collection<String> scrubbed,
            java.util.Map<String, String> env) {
        install(name, bin);
        TestHarnessContext.Builder b = TestHarnessContext.builder().prependPath(bin);
        scrubbed.forEach(b::withoutEnv);
        return b.env(env).build();
    }

    /**
     * Copies the fake CLI {@code name} into {@code dir} as {@code dir/name}, executable, and
     * returns its path. Replaces an existing file of that name.
     *
     * @throws IllegalArgumentException when no fake of that name is on the class path
     */
    public static Path install(String name, Path dir) {
        Path target = dir.resolve(name);
        try (InputStream in = FakeClis.class.getResourceAsStream("/fake-clis/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fake CLI named '" + name
                        + "' on the class path (expected resource /fake-clis/" + name + ")");
            }
            Files.createDirectories(dir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install fake CLI '" + name + "' into " + dir, e);
        }
    }

    /**
     * Whether the process {@code pid} (for example a child a fake wrote to its pid file) still
     * runs. A zombie, which has exited and only waits to be reaped, counts as ended.
     */
    public static boolean isRunning(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return handle.get().isAlive();
        }
    }
}
