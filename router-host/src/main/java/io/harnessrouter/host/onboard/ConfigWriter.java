package io.harnessrouter.host.onboard;

import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the config onboard built: first checked with the project's own {@link ConfigLoader} (a
 * file the server would refuse is never written), then the existing file is copied to
 * {@code <file>.<yyyyMMdd-HHmmss>.bak}, then the new text replaces it atomically (a temporary file
 * in the same directory, renamed over it), so a running server's hot reload never reads half a file.
 */
public final class ConfigWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ConfigWriter() {
    }

    /**
     * Writes {@code text} to {@code file}; returns the backup made, empty when there was no file
     * (or it already held exactly this text, in which case nothing is written).
     *
     * @throws OnboardException when the text does not load or the file cannot be written
     */
    public static Optional<Path> write(Path file, String text, Map<String, String> env, Clock clock) {
        try {
            ConfigLoader.parse(file, text, env);
        } catch (ConfigException e) {
            throw OnboardException.failure("the config built does not load, so it was not written:\n" + e.getMessage());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Optional<Path> backup = Optional.empty();
            if (Files.exists(file)) {
                if (Files.readString(file).equals(text)) {
                    return Optional.empty();
                }
                Path bak = dir.resolve(file.getFileName() + "." + LocalDateTime.now(clock).format(STAMP) + ".bak");
                Files.copy(file, bak, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                backup = Optional.of(bak);
            }
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return backup;
        } catch (IOException e) {
            throw OnboardException.failure("cannot write " + file + ": " + e.getMessage());
        }
    }
}
