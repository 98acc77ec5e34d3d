package io.harnessrouter.plugins.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Builds the user message of a chat request: the prompt followed by the content of every file the
 * request names, since an HTTP model cannot open files itself. Parts are joined with a newline, as
 * the npm harness-router did:
 * <ul>
 *   <li>a readable file: a fenced block tagged with the file's extension whose first line is
 *       {@code # <path>};</li>
 *   <li>a directory or other non-file: {@code # Not a file: <path>};</li>
 *   <li>a file over the limit: {@code # Skipped <path>: file too large (<n> KB > 512 KB limit)};</li>
 *   <li>a missing path: {@code # File not found: <path>};</li>
 *   <li>a read error: {@code # Could not read <path>: <reason>}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class PromptInliner {

    private PromptInliner() {
    }

    /**
     * @param prompt   the task
     * @param files    the paths to inline, in order
     * @param maxBytes files larger than this are skipped with a note
     */
    static String userContent(String prompt, List<Path> files, long maxBytes) {
        StringBuilder sb = new StringBuilder(prompt);
        for (Path file : files) {
            sb.append('\n').append(part(file, maxBytes));
        }
        return sb.toString();
    }

    private static String part(Path file, long maxBytes) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "\n# File not found: " + file;
        } catch (IOException | SecurityException e) {
            return "\n# Could not read " + file + ": " + reason(e);
        }
        if (!attrs.isRegularFile()) {
            return "\n# Not a file: " + file;
        }
        if (attrs.size() > maxBytes) {
            return "\n# Skipped " + file + ": file too large (" + sizes(attrs.size(), maxBytes) + " limit)";
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > maxBytes) {
                return "\n# Skipped " + file + ": file too large (" + sizes(bytes.length, maxBytes) + " limit)";
            }
            return fenced(file, new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return "\n# File not found: " + file;
        } catch (IOException | SecurityException e) {
            return "\n# Could not read " + file + ": " + reason(e);
        }
    }

    private static String fenced(Path file, String content) {
        String fence = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
        String body = content.endsWith("\n") ? content : content + "\n";
        return "\n" + fence + extension(file) + "\n# " + file + "\n" + body + fence;
    }

    /** {@code 600 KB > 512 KB}, or in bytes when the limit is not a whole number of KiB. */
    private static String sizes(long size, long maxBytes) {
        if (maxBytes % 1024 == 0) {
            return ((size + 1023) / 1024) + " KB > " + (maxBytes / 1024) + " KB";
        }
        return size + " bytes > " + maxBytes + " bytes";
    }

    private static String extension(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? "" : n.substring(dot + 1);
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String reason(Exception e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + msg);
    }
}
