package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class ConfigReloaderTest {
    private static final String CODEX = "priority: [m]\nmodels:\n  m: {subscription: {harness: codex}}\n";
    private static final String CLAUDE = "priority: [m]\nmodels:\n  m: {subscription: {harness: claude_code}}\n";
    private static final String BROKEN = "priority: [m]\nmodels:\n  m: {subscription: {harness: codex, enabled: maybe}}\n";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final Logger log = mock(Logger.class);
    private long mtime = 1_700_000_000_000L;

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Writes the file with a later modification time each time, as an editor would. */
    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        mtime += 1_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }

    private ConfigReloader reloader(Path file) {
        return reloader(file, ConfigLoader::load);
    }

    private ConfigReloader reloader(Path file, BiFunction<Path, Map<String, String>, Config> loader) {
        return new ConfigReloader(file, Map.of(), clock, ConfigReloader.DEFAULT_CHECK_INTERVAL, loader, log);
    }

    private static String harness(ConfigReloader.Snapshot s) {
        return s.config().orElseThrow().routes().get(0).harness();
    }

    private ConfigReloader.Snapshot later(ConfigReloader reloader) {
        clock.advance(Duration.ofMillis(250));
        return reloader.current();
    }

    @Test
    void loadsAtConstructionAsGenerationOne() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);

        ConfigReloader.Snapshot s = reloader(file).current();

        assertEquals(1, s.generation());
        assertEquals("codex", harness(s));
        assertEquals(Optional.empty(), s.error());
    }

    @Test
    void reloadsAChangedFileAsANewGeneration() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);

        write(file, CLAUDE);
        ConfigReloader.Snapshot s = later(reloader);

        assertEquals(2, s.generation());
        assertEquals("claude_code", harness(s));
    }

    @Test
    void keepsTheSameSnapshotWhileTheFileIsUnchanged() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);
        ConfigReloader.Snapshot first = reloader.current();

        assertSame(first, later(reloader));
        assertSame(first, later(reloader));
    }

    @Test
    void looksAtTheFileAtMostOncePerCheckInterval() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);
        write(file, CLAUDE);

        clock.advance(Duration.ofMillis(249));
        assertEquals(1, reloader.current().generation());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, reloader.current().generation());
    }

    @Test
    void keepsTheLastGoodConfigWhenTheFileBreaksAndLogsItOnce() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);

        write(file, BROKEN);
        ConfigReloader.Snapshot s = later(reloader);
        later(reloader);
        later(reloader);

        assertEquals(1, s.generation());
        assertEquals("codex", harness(s));
        assertEquals("config.yaml:3: models.m.subscription.enabled: must be true or false",
                ConfigTexts.lines(s.error().orElseThrow().problems()).replace(file.toString(), "config.yaml"));
        verify(log, times(1)).warn(eq("{}\n{}"),
                eq("Config changed but cannot be used; still using the last good config until it is fixed:"),
                eq(s.error().orElseThrow().getMessage()));
    }

    @Test
    void logsAgainWhenABrokenFileChangesToAnotherBrokenState() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);

        write(file, BROKEN);
        later(reloader);
        write(file, BROKEN + "# still broken\n");
        later(reloader);

        verify(log, times(2)).warn(anyString(), any(Object.class), any(Object.class));
    }

    @Test
    void loadsTheFixedFileAndClearsTheError() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);
        write(file, BROKEN);
        later(reloader);

        write(file, CLAUDE);
        ConfigReloader.Snapshot s = later(reloader);

        assertEquals(2, s.generation());
        assertEquals("claude_code", harness(s));
        assertEquals(Optional.empty(), s.error());
    }

    @Test
    void keepsTheLastGoodConfigWhenTheFileIsDeleted() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);

        Files.delete(file);
        ConfigReloader.Snapshot s = later(reloader);

        assertEquals("codex", harness(s));
        assertEquals(ConfigLoader.MISSING_FILE, s.error().orElseThrow().problems().get(0).message());
    }

    @Test
    void loadsTheDefaultPathOnceItIsCreatedAfterStart() throws IOException {
        Path home = dir.resolve("home");
        Path file = ConfigPaths.resolve(Optional.empty(), Map.of(), home);
        ConfigReloader reloader = reloader(file);
        ConfigReloader.Snapshot missing = reloader.current();
        assertEquals(0, missing.generation());
        assertEquals(Optional.empty(), missing.config());
        assertEquals(ConfigLoader.MISSING_FILE, missing.error().orElseThrow().problems().get(0).message());

        write(file, CODEX);
        ConfigReloader.Snapshot s = later(reloader);

        assertEquals(1, s.generation());
        assertEquals("codex", harness(s));
        assertEquals(Optional.empty(), s.error());
        verify(log, never()).warn(anyString(), any(Object.class), any(Object.class));
    }

    @Test
    void loadsAFileThatWasBrokenAtStartOnceItIsFixed() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, BROKEN);
        ConfigReloader reloader = reloader(file);
        assertEquals(0, reloader.current().generation());
        assertTrue(reloader.current().error().isPresent());

        write(file, CODEX);

        assertEquals("codex", harness(later(reloader)));
    }

    @Test
    void turnsAnUnexpectedLoaderFailureIntoAnErrorAndKeepsServing() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        AtomicInteger loads = new AtomicInteger();
        ConfigReloader reloader = reloader(file, (path, env) -> {
            if (loads.incrementAndGet() == 2) {
                throw new IllegalStateException("boom");
            }
            return ConfigLoader.load(path, env);
        });

        write(file, CLAUDE);
        ConfigReloader.Snapshot s = later(reloader);

        assertEquals("codex", harness(s));
        assertEquals("could not be read because of an internal error (IllegalStateException); "
                + "this is a harness-router bug, please report it", s.error().orElseThrow().problems().get(0).message());
    }

    @Test
    void tellsListenersAboutEachReloadedConfigOnly() throws IOException {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        ConfigReloader reloader = reloader(file);
        List<String> seen = new ArrayList<>();
        reloader.addListener(c -> {
            throw new IllegalStateException("a broken listener");
        });
        reloader.addListener(c -> seen.add(c.routes().get(0).harness()));

        write(file, CLAUDE);
        later(reloader);
        write(file, BROKEN);
        later(reloader);
        write(file, CODEX + "# again\n");
        later(reloader);

        assertEquals(List.of("claude_code", "codex"), seen);
    }

    @Test
    void letsConcurrentCallersReadTheCurrentSnapshotWhileOneParses() throws Exception {
        Path file = dir.resolve("config.yaml");
        write(file, CODEX);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch parsing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConfigReloader reloader = reloader(file, (path, env) -> {
            if (loads.incrementAndGet() == 2) {
                parsing.countDown();
                await(release);
            }
            return ConfigLoader.load(path, env);
        });
        write(file, CLAUDE);
        clock.advance(Duration.ofMillis(250));

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ConfigReloader.Snapshot> parser = pool.submit(reloader::current);
            assertTrue(parsing.await(5, TimeUnit.SECONDS));
            ConfigReloader.Snapshot meanwhile = reloader.current();
            release.countDown();

            assertEquals("codex", harness(meanwhile));
            assertEquals("claude_code", harness(parser.get(5, TimeUnit.SECONDS)));
            assertEquals(2, loads.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
