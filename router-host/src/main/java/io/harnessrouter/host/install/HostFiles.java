package io.harnessrouter.host.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reading and writing a host's config file: UTF-8 only, a backup made once before the first change
 * ({@code <file>.harness-router.bak}, never overwritten, so it stays the user's own version), and an
 * atomic replace through a temporary file in the same directory that keeps the file's permissions.
 * A symbolic link (a dotfiles checkout) is followed, so the link stays and its target is written.
 */
final class HostFiles {

    static final String BACKUP_SUFFIX = ".harness-router.bak";

    private HostFiles() {
    }

    /** The file's text, or "" when it does not exist. */
    static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        if (!Files.isRegularFile(file)) {
            throw new UnsafeEditException(file, "not a regular file");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnsafeEditException(file, "not UTF-8 text");
        }
    }

    /** Where the backup of {@code file} goes. */
    static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * Replaces {@code file}'s content with {@code text}, backing up the old content first unless a
     * backup exists already. Returns the backup made now, or null.
     */
    static Path write(Path file, String text) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path made = null;
        Set<PosixFilePermission> mode = null;
        if (Files.exists(target)) {
            Path backup = backupOf(target);
            if (!Files.exists(backup)) {
                Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
                made = backup;
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (posix != null) {
                mode = posix.readAttributes().permissions();
            }
        }
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (posix != null && mode != null) {
                posix.setPermissions(mode); // a new file keeps createTempFile's 0600: hosts' files may hold secrets
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return made;
    }
}
