package io.harnessrouter.host.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code harness-router <args>} in process through picocli with a given environment and
 * stdin for {@code route}, {@code why} and {@code list-services}, capturing out and err.
 *
 * @param exitCode the command's exit code
 * @param out      what it wrote to its out writer (stdout)
 * @param err      what it wrote to its err writer (stderr)
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, String stdin, String... args) {
        return run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new StringWriter(), args);
    }

    /** As {@link #run(Map, String, String...)}, writing stdout into {@code out} (a test may watch it live). */
    static CliRun run(Map<String, String> env, InputStream stdin, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == RouteCommand.class) {
                    return type.cast(new RouteCommand(env, stdin, false));
                }
                if (type == WhyCommand.class) {
                    return type.cast(new WhyCommand(env));
                }
                if (type == ListServicesCommand.class) {
                    return type.cast(new ListServicesCommand(env));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(new SynchronizedWriter(out), true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A writer into a StringWriter that another thread may read while it is written. */
    private static final class SynchronizedWriter extends java.io.Writer {
        private final StringWriter target;

        SynchronizedWriter(StringWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            synchronized (target) {
                target.write(buf, off, len);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
