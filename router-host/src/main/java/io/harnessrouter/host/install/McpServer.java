package io.harnessrouter.host.install;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The entry install writes: the server's name in the host and the command line that starts it
 * (the launcher by absolute path, with {@code --config <file>} when one was given).
 */
public record McpServer(String name, Path command, List<String> args) {

    /** Names every host accepts as a key and as part of a tool name ({@code mcp__<name>__code}). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public McpServer {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must be 1 to 64 letters, digits, '-' or '_',"
                    + " starting with a letter or digit");
        }
        if (!command.isAbsolute()) {
            throw new IllegalArgumentException("the command must be an absolute path: " + command);
        }
        args = List.copyOf(args);
    }
}
