package io.harnessrouter.api.support;

import java.nio.file.Path;
import java.util.List;

/**
 * Appends the request's file list to a prompt for CLIs that have no file-attachment flag, in the
 * formats the npm harness-router used (so answers stay comparable across the two).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class PromptFiles {

    private PromptFiles() {
    }

    /**
     * {@code prompt + "\n\nFiles to work with:\n  <path>"...}; the prompt unchanged when there are
     * no files. Used by Claude Code, Codex and Copilot.
     */
    public static String filesToWorkWith(String prompt, List<Path> files) {
        return append(prompt, files, "Files to work with:", "  ");
    }

    /**
     * {@code prompt + "\n\nFocus on these files:\n  - <path>"...}. Used by Cursor and opencode.
     */
    public static String focusOnFiles(String prompt, List<Path> files) {
        return append(prompt, files, "Focus on these files:", "  - ");
    }

    private static String append(String prompt, List<Path> files, String heading, String bullet) {
        if (files == null || files.isEmpty()) {
            return prompt;
        }
        StringBuilder sb = new StringBuilder(prompt).append("\n\n").append(heading);
        for (Path f : files) {
            sb.append('\n').append(bullet).append(f);
        }
        return sb.toString();
    }
}
