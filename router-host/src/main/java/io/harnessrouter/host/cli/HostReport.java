package io.harnessrouter.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.install.HostResult;
import io.harnessrouter.host.install.HostResult.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report of install and uninstall: one line per host, or JSON. Also decides the exit code. */
final class HostReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HostReport() {
    }

    /** 1 when a host failed, or when nothing was done (every host skipped, no snippet shown); else 0. */
    static int exitCode(List<HostResult> results, boolean print) {
        boolean failed = results.stream().anyMatch(r -> r.status() == Status.FAILED);
        return failed || !acted(results, print) ? 1 : 0;
    }

    private static boolean acted(List<HostResult> results, boolean print) {
        return results.stream().anyMatch(r -> r.status() != Status.SKIPPED || print && r.snippet().isPresent());
    }

    static void json(PrintWriter out, String command, String name, String scope, boolean print,
            Optional<Path> launcher, List<String> args, List<HostResult> results) throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command).put("name", name).put("scope", scope).put("print", print);
        launcher.ifPresent(l -> {
            ObjectNode server = root.putObject("server").put("command", l.toString());
            ArrayNode a = server.putArray("args");
            args.forEach(a::add);
        });
        root.put("ok", exitCode(results, print) == 0);
        ArrayNode list = root.putArray("hosts");
        for (HostResult r : results) {
            ObjectNode node = list.addObject().put("host", r.host().id()).put("display_name", r.host().displayName())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT));
            r.file().ifPresent(f -> node.put("file", f.toString()));
            node.put("detail", r.detail());
            r.backup().ifPresent(b -> node.put("backup", b.toString()));
            ArrayNode notes = node.putArray("notes");
            r.notes().forEach(notes::add);
            r.snippet().ifPresent(s -> node.put("snippet", s));
        }
        out.println(JSON.writeValueAsString(root));
        out.flush();
    }

    static void text(PrintWriter out, PrintWriter err, String heading, boolean print, List<HostResult> results) {
        List<HostResult> done = results.stream().filter(r -> r.status() != Status.SKIPPED).toList();
        List<HostResult> skipped = results.stream().filter(r -> r.status() == Status.SKIPPED).toList();
        out.println(heading);
        for (HostResult r : done) {
            String file = r.file().map(f -> " (" + f + ")").orElse("");
            String mark = switch (r.status()) {
                case ADDED, UPDATED, REMOVED -> "✓";
                case FAILED -> "✗";
                default -> "─";
            };
            out.println("  " + mark + " " + r.host().displayName() + ": " + r.detail() + file);
            r.backup().ifPresent(b -> out.println("      backup of the previous file: " + b));
            r.notes().forEach(n -> out.println("      note: " + n));
            if ((print || r.status() == Status.FAILED) && r.snippet().isPresent()) {
                out.println(r.status() == Status.FAILED ? "      add it by hand:" : "      entry:");
                r.snippet().get().lines().forEach(l -> out.println("        " + l));
            }
        }
        if (!skipped.isEmpty()) {
            out.println("  skipped:");
            for (HostResult r : skipped) {
                out.println("    ─ " + r.host().id() + ": " + r.detail());
                if (print && r.snippet().isPresent()) {
                    r.snippet().get().lines().forEach(l -> out.println("        " + l));
                }
            }
        }
        out.flush();
        if (!acted(results, print)) {
            err.println("harness-router: no host to edit: none was detected. Name one with --target <host> ("
                    + io.harnessrouter.host.install.Host.ids() + "), or use --print for the entries to add by hand.");
            err.flush();
        }
    }
}
