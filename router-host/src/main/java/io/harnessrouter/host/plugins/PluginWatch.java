package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Notices that {@code plugins install}, {@code remove}, {@code enable} or {@code disable} (or a
 * hand edit) changed what a running server should load: a fingerprint of the user plugins
 * directory's entries (name, size, modification time) and of the {@link PluginStateFile}, taken
 * at most once per interval when asked. One directory listing per interval, no watch service and
 * no thread: the runtime asks on each request.
 *
 * <p>Thread-safe.
 */
public final class PluginWatch {

    /** How often the directory is listed at most: "within a few seconds" at the cost of one listing. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Path userDir;
    private final Path stateFile;
    private final Clock clock;
    private final Duration interval;
    private Instant nextCheck;
    private List<String> seen;

    public PluginWatch(PluginDirs dirs, Clock clock, Duration interval) {
        this.userDir = dirs.user();
        this.stateFile = PluginStateFile.of(dirs).path();
        this.clock = clock;
        this.interval = interval;
        this.seen = fingerprint();
        this.nextCheck = clock.instant().plus(interval);
    }

    /** True once after each change since the last call that returned true (or since construction). */
    public synchronized boolean changed() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return false;
        }
        nextCheck = now.plus(interval);
        List<String> current = fingerprint();
        if (Objects.equals(current, seen)) {
            return false;
        }
        seen = current;
        return true;
    }

    private List<String> fingerprint() {
        List<String> parts = new ArrayList<>();
        parts.add(describe(stateFile));
        if (Files.isDirectory(userDir)) {
            try (Stream<Path> entries = Files.list(userDir)) {
                entries.map(PluginWatch::describe).sorted().forEach(parts::add);
            } catch (IOException | RuntimeException e) {
                parts.add("unlistable");
            }
        }
        return parts;
    }

    private static String describe(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return file.getFileName() + ":absent";
        }
    }
}
