package io.harnessrouter.host.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token file: {@code http.auth.token_file}, else {@code $HARNESS_ROUTER_AUTH_TOKEN_FILE}
 * (the npm tool's variable), else {@code <home>/.harness-router/auth.token}. A token is 32 random
 * bytes, base64url without padding (43 characters), in a file of mode 0600. A new token is
 * written to a temporary file in the same directory and moved over the old one, so a server
 * reading it never sees half a token. Stateless; thread-safe.
 */
public final class TokenFile {
    public static final String ENV_VAR = "HARNESS_ROUTER_AUTH_TOKEN_FILE";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;

    public TokenFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** The token file to use: config first, then the environment, then the default. */
    public static TokenFile resolve(Optional<String> fromConfig, Map<String, String> env, Path home) {
        String configured = fromConfig.filter(s -> !s.isBlank())
                .orElseGet(() -> env.getOrDefault(ENV_VAR, "").strip());
        if (configured.isEmpty()) {
            return new TokenFile(home.resolve(".harness-router").resolve("auth.token"));
        }
        return new TokenFile(configured.startsWith("~/") ? home.resolve(configured.substring(2)) : Path.of(configured));
    }

    public Path path() {
        return path;
    }

    /** The token in the file, trimmed; empty when there is no file or it is blank. */
    public Optional<String> read() {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the auth token file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes a fresh token (creating the directory and file as needed) and returns it. */
    public String rotate() {
        String token = newToken();
        try {
            Files.createDirectories(path.getParent());
            Path tmp = Files.createTempFile(path.getParent(), ".auth.token.", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the auth token file " + path + ": " + e.getMessage(), e);
        }
        return token;
    }

    /**
     * The file's permissions when they let anyone but the owner read or write it, as {@code 0644}
     * style octal; empty when the mode is 0600 or stricter (or the file system has no modes).
     */
    public Optional<String> tooOpenMode() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return (mode & 0077) == 0 ? Optional.empty() : Optional.of(String.format("0%o", mode));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
