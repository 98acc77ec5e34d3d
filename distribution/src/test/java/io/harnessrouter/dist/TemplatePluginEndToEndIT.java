package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §4, end to end with the built distribution: the plugin template's JAR (built earlier in
 * this reactor) is installed with {@code harness-router plugins install} into a temp home, a
 * server started from the launcher routes a {@code code} call to the template's harness (its fake
 * {@code acme} CLI), then {@code plugins remove} takes it out while the server runs, and the route
 * becomes unavailable with the reason, without a restart.
 */
@Timeout(180)
class TemplatePluginEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));
    private static final Path TEMPLATE = Path.of(System.getProperty("harness-router.template", "../plugin-template"));

    @TempDir
    Path home;
    private McpSyncClient client;
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    private record Run(int code, String out) {
    }

    private Run harnessRouter(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(DIST.resolve("bin/harness-router").toString()),
                Stream.of(args)).toList()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "harness-router " + String.join(" ", args) + " finished");
        return new Run(p.exitValue(), out);
    }

    private static Path templateJar() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATE.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("harness-router-plugin-acme-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().contains("-tests")).findFirst()
                    .orElseThrow(() -> new AssertionError("build plugin-template first: no JAR in "
                            + TEMPLATE.resolve("target")));
        }
    }

    private McpSyncClient connect(Path config) {
        ServerParameters params = ServerParameters.builder(DIST.resolve("bin/harness-router").toString())
                .args("--config", config.toString(), "--state-db", home.resolve("state.db").toString())
                .env(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH")))
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(stderr::add);
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    private static JsonNode status(McpSyncClient c) throws IOException {
        McpSchema.ReadResourceResult r = c.readResource(new McpSchema.ReadResourceRequest("harness-router://status.json"));
        return JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text());
    }

    @Test
    void theTemplateInstalledWithPluginsInstallAnswersACodeCallAndAfterRemoveItsRouteIsUnavailableWithTheReason()
            throws Exception {
        Path acme = Files.createDirectories(home.resolve("bin")).resolve("acme");
        Files.copy(TEMPLATE.resolve("src/test/resources/fake-clis/acme"), acme, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(acme.toFile().setExecutable(true));
        Path userPlugins = home.resolve(".harness-router/plugins");

        Run install = harnessRouter("plugins", "install", templateJar().toString());
        assertEquals(0, install.code(), install.out());
        assertTrue(install.out().contains("Installed plugin acme-code "), install.out());
        assertTrue(install.out().contains("- harness: acme_code"), install.out());
        assertEquals(1, Files.list(userPlugins).count());

        Path config = Files.writeString(home.resolve("config.yaml"), """
                priority: [sonnet]
                models:
                  sonnet:
                    subscription:
                      - harness: acme_code
                        command: %s
                        env: {ACME_FAKE_ANSWER: "hello from the template"}
                """.formatted(acme));
        McpSyncClient c = connect(config);

        CallToolResult answered = c.callTool(new McpSchema.CallToolRequest("code", Map.of("prompt", "write a haiku")));
        assertFalse(answered.isError(), answered.toString());
        JsonNode body = JSON.readTree(((McpSchema.TextContent) answered.content().get(0)).text());
        assertEquals("hello from the template", body.at("/route/output").asText(), body.toString());
        assertEquals("sonnet::acme_code", body.at("/route/service").asText());

        Run remove = harnessRouter("plugins", "remove", "acme-code");
        assertEquals(0, remove.code(), remove.out());
        assertEquals(0, Files.list(userPlugins).count());

        // The server lists the user plugins directory at most once a second, on a request.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode route = status(c).at("/sonnet::acme_code");
        while (route.at("/available").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            route = status(c).at("/sonnet::acme_code");
        }
        assertFalse(route.at("/available").asBoolean(), route.toString());
        assertTrue(route.toString().contains("no plugin provides harness 'acme_code'"), route.toString());

        CallToolResult refused = c.callTool(new McpSchema.CallToolRequest("code", Map.of("prompt", "again")));
        assertTrue(refused.isError(), refused.toString());
    }
}
