package io.harnessrouter.host.config;

import java.nio.file.Path;

/**
 * One thing wrong with a config file, located precisely enough to fix it.
 *
 * @param file    the config file
 * @param line    1-based line, 0 when unknown (an empty file)
 * @param path    the YAML path, for example {@code models.opus.metered[1].base_url}
 * @param message what is wrong and what to write instead
 */
public record ConfigProblem(Path file, int line, String path, String message) {

    /** {@code file:line: path: message}, the form every editor can jump to. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
