package io.harnessrouter.host.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization: Bearer <token>} against the token file, re-reading the file when
 * its identity, size or modification time changed since the last request (one {@code stat} per
 * request), so {@code harness-router auth rotate} takes effect on the next request: the old token
 * is refused at once, with no restart. The comparison is constant-time (both sides are hashed to
 * 32 bytes first, so not even the length leaks). The token itself is never logged.
 *
 * <p>Thread-safe.
 */
final class BearerAuth {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    private static final Pattern BEARER = Pattern.compile("^\\s*Bearer\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);

    private final TokenFile file;
    private volatile Loaded loaded;

    /** The token as read, with what identified the file version it came from. */
    private record Loaded(Object fileKey, long size, long modified, Optional<byte[]> digest) {
    }

    BearerAuth(TokenFile file) {
        this.file = file;
        this.loaded = load();
    }

    /** Whether this {@code Authorization} header carries the current token. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        Matcher m = BEARER.matcher(authorization);
        if (!m.matches()) {
            return false;
        }
        Optional<byte[]> expected = current().digest();
        return expected.isPresent() && MessageDigest.isEqual(expected.get(), sha256(m.group(1)));
    }

    private Loaded current() {
        Loaded l = loaded;
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            if (java.util.Objects.equals(a.fileKey(), l.fileKey()) && a.size() == l.size()
                    && a.lastModifiedTime().toMillis() == l.modified() && l.digest().isPresent()) {
                return l;
            }
        } catch (IOException e) {
            // Gone or unreadable: load() below decides (no token means every request is refused).
        }
        synchronized (this) {
            l = load();
            loaded = l;
            return l;
        }
    }

    private Loaded load() {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            Optional<String> token = file.read();
            if (token.isEmpty()) {
                LOG.warn("the auth token file {} is empty: every request is refused until it holds a token"
                        + " (harness-router auth rotate)", file.path());
            }
            return new Loaded(a.fileKey(), a.size(), a.lastModifiedTime().toMillis(), token.map(BearerAuth::sha256));
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cannot read the auth token file {}: every request is refused until it is back"
                    + " (harness-router auth rotate)", file.path());
            return new Loaded(null, -1, -1, Optional.empty());
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
