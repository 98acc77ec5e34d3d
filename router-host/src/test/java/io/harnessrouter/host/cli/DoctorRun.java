package io.harnessrouter.host.cli;

import io.harnessrouter.host.doctor.Style;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs {@code harness-router <args>} in process through picocli, with a given environment for the
 * doctor and captured out and err writers.
 *
 * @param exitCode the command's exit code
 * @param out      what it wrote to its out writer
 * @param err      what it wrote to its err writer
 */
record DoctorRun(int exitCode, String out, String err) {

    static DoctorRun run(Map<String, String> env, String... args) {
        return run(env, Optional.empty(), args);
    }

    static DoctorRun run(Map<String, String> env, Optional<Style> style, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == DoctorCommand.class ? type.cast(new DoctorCommand(env, style))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new DoctorRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
