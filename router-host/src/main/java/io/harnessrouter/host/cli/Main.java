package io.harnessrouter.host.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point. Before anything else runs it keeps the real stdout for the MCP protocol (or for
 * the CLI's own output) and points {@code System.out} at stderr, so that no library, plugin or
 * stray print can write into the JSON-RPC stream. Only this class calls {@link System#exit}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream realStdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        int code = run(args, realStdout);
        realStdout.flush();
        System.exit(code);
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 usage error. */
    static int run(String[] args, PrintStream stdout) {
        // An MCP host starts the stdio server on every session with at most the server's own
        // options; picocli building the whole command tree (seventeen commands) would cost it
        // about 250 ms of every start. Anything else gets the full tree, help included.
        Object root = serverOnly(args) ? new StdioRootCommand(stdout) : new RootCommand(stdout);
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        return cmd.execute(args);
    }

    /** The stdio server's own options, each followed by its value (or written {@code --name=value}). */
    private static final java.util.Set<String> SERVER_OPTIONS = java.util.Set.of("--config", "--plugins-dir", "--state-db");

    /** True when {@code args} hold nothing but the server's own options: no command, no help. */
    static boolean serverOnly(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (eq > 0 && SERVER_OPTIONS.contains(a.substring(0, eq))) {
                continue;
            }
            if (!SERVER_OPTIONS.contains(a) || i + 1 >= args.length) {
                return false;
            }
            i++;
        }
        return true;
    }
}
