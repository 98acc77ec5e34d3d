package io.harnessrouter.host.config;

import java.nio.file.Path;
import java.util.List;

/**
 * There is no config file at the path looked at. A {@link ConfigException} with the one problem
 * {@link ConfigLoader#MISSING_FILE}, typed so that status output can say "missing" rather than
 * "invalid" without reading the message.
 */
public final class ConfigMissingException extends ConfigException {
    private static final long serialVersionUID = 1L;

    public ConfigMissingException(Path file) {
        super(file, List.of(new ConfigProblem(file, 0, "", ConfigLoader.MISSING_FILE)), "");
    }
}
