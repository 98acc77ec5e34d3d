package io.harnessrouter.host.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last good {@link Config} of one file and reloads it when the file changes, for any
 * path including the default one (npm defect B2). No watcher thread: {@link #current()} checks the
 * file's modification time, size and identity at most once per check interval (250 ms by default)
 * and reparses only when they changed. A broken or deleted file keeps the last good config, puts
 * the {@link ConfigException} in the snapshot and logs it once per change at WARN; a file that was
 * missing or broken at start loads as soon as it becomes valid. Listeners receive each config
 * loaded after construction. The constructor loads the file once and logs nothing: reporting the
 * outcome of that first load (in the first snapshot) is the caller's job.
 *
 * <p>Thread-safe. Concurrent callers never wait: one of them checks and parses, the others get the
 * current snapshot. Listeners run on the thread that parsed, one reload at a time.
 */
public final class ConfigReloader {
    /** How often {@link #current()} looks at the file by default. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(250);

    /**
     * What the reloader holds.
     *
     * @param config     the last good config, empty until one has loaded
     * @param error      why the file as it is now cannot be used, empty when it loaded
     * @param generation how many times a config has loaded (0 = never); changes exactly when
     *                   {@code config} does, so a caller rebuilds its routing table only then
     */
    public record Snapshot(Optional<Config> config, Optional<ConfigException> error, long generation) {
        public Snapshot {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(error, "error");
        }
    }

    /** A file's identity and state as seen by the last check; equal when unchanged. */
    private record Fingerprint(Object fileKey, long modifiedNanos, long size) {
        static final Fingerprint MISSING = new Fingerprint(null, -1, -1);
    }

    private final Path file;
    private final Map<String, String> env;
    private final Clock clock;
    private final Duration checkInterval;
    private final BiFunction<Path, Map<String, String>, Config> loader;
    private final Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<Config>> listeners = new CopyOnWriteArrayList<>();

    private volatile Snapshot snapshot;
    private volatile Instant nextCheck;
    private Fingerprint seen;

    /** Loads {@code file} now and checks it again at most every 250 ms. */
    public ConfigReloader(Path file, Map<String, String> env, Clock clock) {
        this(file, env, clock, DEFAULT_CHECK_INTERVAL);
    }

    /** Loads {@code file} now and checks it again at most once per {@code checkInterval}. */
    public ConfigReloader(Path file, Map<String, String> env, Clock clock, Duration checkInterval) {
        this(file, env, clock, checkInterval, ConfigLoader::load, LoggerFactory.getLogger(ConfigReloader.class));
    }

    ConfigReloader(Path file, Map<String, String> env, Clock clock, Duration checkInterval,
                   BiFunction<Path, Map<String, String>, Config> loader, Logger log) {
        this.file = Objects.requireNonNull(file, "file");
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        this.loader = loader;
        this.log = log;
        this.seen = fingerprint();
        this.snapshot = firstLoad();
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    /** The file this reloader watches. */
    public Path file() {
        return file;
    }

    /** Adds a listener for configs loaded from now on; it is not called for the current one. */
    public void addListener(Consumer<Config> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<Config> listener) {
        listeners.remove(listener);
    }

    /** The current snapshot, after reloading the file if it changed since the last check. */
    public Snapshot current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck) || !lock.tryLock()) {
            return snapshot;
        }
        try {
            if (now.isBefore(nextCheck)) {
                return snapshot;
            }
            nextCheck = now.plus(checkInterval);
            Fingerprint latest = fingerprint();
            if (!latest.equals(seen)) {
                seen = latest;
                reload();
            }
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    private Snapshot firstLoad() {
        try {
            return new Snapshot(Optional.of(load()), Optional.empty(), 1);
        } catch (ConfigException e) {
            return new Snapshot(Optional.empty(), Optional.of(e), 0);
        }
    }

    /** Loads the file; a bug in the loader becomes a ConfigException so serving goes on. */
    private Config load() {
        try {
            return loader.apply(file, env);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Reading config {} failed unexpectedly; this is a harness-router bug, please report it", file, e);
            throw new ConfigException(file, List.of(new ConfigProblem(file, 0, "",
                    "could not be read because of an internal error (" + e.getClass().getSimpleName()
                            + "); this is a harness-router bug, please report it")), "");
        }
    }

    private void reload() {
        Snapshot previous = snapshot;
        Config config;
        try {
            config = load();
        } catch (ConfigException e) {
            snapshot = new Snapshot(previous.config(), Optional.of(e), previous.generation());
            log.warn("{}\n{}", previous.config().isPresent()
                    ? "Config changed but cannot be used; still using the last good config until it is fixed:"
                    : "Config still cannot be used; no routes until it is fixed:", e.getMessage());
            return;
        }
        snapshot = new Snapshot(Optional.of(config), Optional.empty(), previous.generation() + 1);
        log.info("Reloaded config {} ({} routes)", file, config.routes().size());
        config.warnings().forEach(w -> log.warn("Config warning: {}", w));
        for (Consumer<Config> listener : listeners) {
            try {
                listener.accept(config);
            } catch (RuntimeException e) {
                log.warn("A config reload listener failed; the others still ran", e);
            }
        }
    }

    private Fingerprint fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(a.fileKey(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    a.size());
        } catch (NoSuchFileException e) {
            return Fingerprint.MISSING;
        } catch (IOException e) {
            return new Fingerprint(e.getClass().getName(), -2, -2);
        }
    }
}
