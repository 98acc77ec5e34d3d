package io.harnessrouter.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The start-up and per-call benchmark of docs/benchmark.md, against the built launcher and an
 * instant fake {@code claude}. Run with {@code mvn -B -Pbench -DskipTests -DskipITs verify}; prints a
 * markdown table and writes it to {@code distribution/target/benchmark.md}.
 *
 * <p>What it measures: the raw spawn cost of the fake CLI from a JVM with the launcher's flags;
 * cold start of the launcher to the {@code initialize} response (median of 5); warm {@code code}
 * call round trips p50/p95 over 200 calls; the extra cost of one failover hop; peak RSS (VmHWM) of
 * the server after the runs; and throughput with 4 calls in flight.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Calls before measuring: enough for C1 to compile the per-call path (the launcher runs C1 only). */
    private static final int WARMUP = 500;

    private final Path launcher;
    private final Path work;
    private final Path fakeClaude;
    private final List<String> report = new ArrayList<>();

    private Benchmark(Path launcher, Path work) throws IOException {
        this.launcher = launcher;
        this.work = work;
        Path bin = Files.createDirectories(work.resolve("bin"));
        this.fakeClaude = FakeClis.install("claude", bin);
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args.length > 0 ? args[0] : "../dist/harness-router/bin/harness-router").toAbsolutePath();
        Path out = Path.of(args.length > 1 ? args[1] : "target/benchmark.md");
        Path work = Files.createTempDirectory("hr-bench");
        Benchmark b = new Benchmark(launcher, work);
        b.run();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, String.join("\n", b.report) + "\n");
        System.out.println(String.join("\n", b.report));
    }

    private void run() throws Exception {
        row("| measurement | result |");
        row("|---|---|");
        row("| benchmark driver JVM (the server runs the launcher's java: $JAVA_HOME, else PATH) | "
                + System.getProperty("java.version") + " |");
        spawnCost();
        coldStart();
        exitTimes();
        Path direct = config("direct", """
                priority: [m]
                models:
                  m:
                    subscription:
                      harness: claude_code
                      command: %s
                """.formatted(fakeClaude));
        try (Server s = Server.start(launcher, direct, work.resolve("direct.db"), work)) {
            List<Double> lat = calls(s, WARMUP, 200);
            warmP50 = pct(lat, 50);
            row(String.format(Locale.ROOT, "| warm `code` call, 200 calls after %d warm-up calls | p50 %.2f ms, p95 %.2f ms |",
                    WARMUP, warmP50, pct(lat, 95)));
            row(String.format(Locale.ROOT, "| per-call overhead over the raw spawn (p50 - p50) | %.2f ms |",
                    warmP50 - spawnP50));
            double tput = inFlight(s, 4, 200);
            row(String.format(Locale.ROOT, "| 4 in flight, 200 calls | %.0f calls/s |", tput));
            row("| peak RSS (VmHWM) after the runs | " + s.peakRssMb() + " MB |");
        }
        Path failover = config("failover", """
                priority: [m]
                routing:
                  failure_threshold: 1000000
                models:
                  m:
                    subscription:
                      - harness: claude_code
                        command: %s
                        env: {FAKE_CLAUDE_MODE: crash}
                      - harness: claude_code
                        command: %s
                """.formatted(fakeClaude, fakeClaude));
        try (Server s = Server.start(launcher, failover, work.resolve("failover.db"), work)) {
            List<Double> lat = calls(s, WARMUP, 200);
            row(String.format(Locale.ROOT, "| call with one failover hop (failed CLI, then a good one) | p50 %.2f ms, p95 %.2f ms (+%.2f ms for the hop) |",
                    pct(lat, 50), pct(lat, 95), pct(lat, 50) - warmP50));
        }
    }

    private double spawnP50;
    private double warmP50;

    /**
     * How fast a server with nothing in flight leaves when the host closes stdin or sends
     * SIGTERM, after it served one CLI call and one metered (HTTP) call: hosts escalate after
     * about 100 ms (Claude Code) or kill the server (codex, copilot). Median of 5 each.
     */
    private void exitTimes() throws Exception {
        try (io.harnessrouter.api.testkit.FakeOpenAiServer api = io.harnessrouter.api.testkit.FakeOpenAiServer.start()) {
            Path cfg = config("exit", """
                    priority: [m, g]
                    models:
                      m:
                        subscription:
                          harness: claude_code
                          command: %s
                      g:
                        metered:
                          base_url: %s
                          api_key: sk-bench
                    """.formatted(fakeClaude, api.baseUrl()));
            for (boolean sigterm : new boolean[] {false, true}) {
                List<Double> t = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Server s = Server.start(launcher, cfg, work.resolve("exit.db"), work);
                    s.initialize();
                    for (String model : new String[] {"m", "g"}) {
                        JsonNode r = s.call(s.send("tools/call", "{\"name\":\"code\",\"arguments\":{\"prompt\":\"hi\","
                                + "\"hints\":{\"model\":\"" + model + "\"}}}"));
                        String service = RawServerText.route(r).path("service").asText();
                        if (!service.startsWith(model + "::")) {
                            throw new IllegalStateException("the " + model + " call was answered by " + service);
                        }
                        if (r.at("/result/isError").asBoolean(true)) {
                            throw new IllegalStateException("benchmark call failed: " + r);
                        }
                    }
                    long t0 = System.nanoTime();
                    if (sigterm) {
                        s.process.destroy();
                    } else {
                        s.in.close();
                    }
                    if (!s.process.waitFor(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the server did not exit");
                    }
                    if (i > 0) {
                        t.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                Collections.sort(t);
                row(String.format(Locale.ROOT, "| exit after %s with nothing in flight (after a CLI and an HTTP call), median of 5 | %.0f ms (min %.0f, max %.0f) |",
                        sigterm ? "SIGTERM" : "stdin EOF", t.get(t.size() / 2), t.get(0), t.get(t.size() - 1)));
            }
        }
    }

    private void spawnCost() throws Exception {
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(fakeClaude.toString(), "-p", "--output-format", "json", "--model", "m",
                    "--permission-mode", "acceptEdits", "--", "hi")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            p.waitFor();
            if (i >= 20) {
                t.add((System.nanoTime() - t0) / 1e6);
            }
        }
        spawnP50 = pct(t, 50);
        row(String.format(Locale.ROOT, "| raw spawn of the fake CLI (launch mechanism %s), 200 runs | p50 %.2f ms, p95 %.2f ms |",
                System.getProperty("jdk.lang.Process.launchMechanism", "default"), spawnP50, pct(t, 95)));
    }

    private void coldStart() throws Exception {
        Path cfg = config("cold", "priority: [m]\nmodels:\n  m:\n    subscription:\n      harness: claude_code\n      command: "
                + fakeClaude + "\n");
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            try (Server s = Server.start(launcher, cfg, work.resolve("cold.db"), work)) {
                s.initialize();
                if (i > 0) {
                    t.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        Collections.sort(t);
        row(String.format(Locale.ROOT, "| cold start to `initialize` response, median of 5 | %.0f ms (min %.0f, max %.0f) |",
                t.get(t.size() / 2), t.get(0), t.get(t.size() - 1)));
    }

    private static List<Double> calls(Server s, int warmup, int n) throws Exception {
        s.initialize();
        List<Double> lat = new ArrayList<>();
        for (int i = 0; i < warmup + n; i++) {
            long t0 = System.nanoTime();
            JsonNode r = s.call(s.send("tools/call", "{\"name\":\"code\",\"arguments\":{\"prompt\":\"hi\"}}"));
            if (r.at("/result/isError").asBoolean(true)) {
                throw new IllegalStateException("benchmark call failed: " + r);
            }
            if (i >= warmup) {
                lat.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return lat;
    }

    private static double inFlight(Server s, int width, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int done = 0; done < n; done += width) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                ids.add(s.send("tools/call", "{\"name\":\"code\",\"arguments\":{\"prompt\":\"hi\"}}"));
            }
            for (int id : ids) {
                s.call(id);
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private Path config(String name, String yaml) throws IOException {
        return Files.writeString(work.resolve(name + ".yaml"), yaml);
    }

    /** The {@code route} object of a {@code code} response. */
    private static final class RawServerText {
        static JsonNode route(JsonNode response) throws IOException {
            return JSON.readTree(response.at("/result/content/0/text").asText()).path("route");
        }
    }

    private void row(String line) {
        report.add(line);
        System.err.println(line);
    }

    private static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    /**
     * One launcher process driven with raw JSON-RPC lines. Responses are read on the calling
     * thread (no reader thread and no hand-off), so a round trip measures the server, not the
     * driver's thread wake-ups.
     */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final BufferedReader out;
        private final java.util.Map<Integer, JsonNode> early = new java.util.HashMap<>();
        private int nextId = 1;

        private Server(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Server start(Path launcher, Path config, Path db, Path home) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--config", config.toString(),
                    "--state-db", db.toString());
            pb.environment().put("HOME", home.toString());
            pb.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("server.stderr").toFile()));
            return new Server(pb.start());
        }

        void initialize() throws Exception {
            call(send("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}"));
            line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        int send(String method, String params) throws IOException {
            int id = nextId++;
            line("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            return id;
        }

        private void line(String s) throws IOException {
            in.write((s + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Reads lines until the response to {@code id}; others are kept for later calls. */
        JsonNode call(int id) throws IOException {
            JsonNode kept = early.remove(id);
            if (kept != null) {
                return kept;
            }
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                if (n.has("id") && !n.has("method")) {
                    if (n.get("id").asInt() == id) {
                        return n;
                    }
                    early.put(n.get("id").asInt(), n);
                }
            }
            throw new IllegalStateException("the server closed stdout before answering request " + id);
        }

        long peakRssMb() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
