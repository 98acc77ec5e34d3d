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
        RootCommand root = new RootCommand(stdout);
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        return cmd.execute(args);
    }
}
