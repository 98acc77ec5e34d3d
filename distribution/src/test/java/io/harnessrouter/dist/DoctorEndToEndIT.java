package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router doctor} through the built launcher, with the bundled plugins loaded by
 * PF4J from the distribution's {@code plugins/} directory, the fake {@code claude} on PATH and a
 * loopback OpenAI-compatible server: every bundled harness is checked and both routes answer with their
 * own models.
 */
@Timeout(120)
class DoctorEndToEndIT {
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));

    @TempDir
    Path home;

    @Test
    void doctorChecksTheBundledHarnessesAndEveryRouteAnswersWithItsOwnModel() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        Path argvLog = home.resolve("argv.log");
        try (FakeOpenAiServer api = FakeOpenAiServer.start()) {
            Path config = Files.writeString(home.resolve("config.yaml"), """
                    priority: [opus, gpt]
                    models:
                      opus:
                        subscription:
                          harness: claude_code
                          cli_model_override: claude-opus-4-1
                      gpt:
                        metered:
                          base_url: %s
                          api_key: ${E2E_API_KEY}
                          cli_model_override: gpt-e2e
                    """.formatted(api.baseUrl()));

            ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/harness-router").toString(), "doctor", "--config",
                    config.toString());
            Map<String, String> env = pb.environment();
            // Credentials the harness probes look at would change their report: this machine's must not count.
            env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE_") || k.startsWith("HARNESS_ROUTER_")
                    || k.startsWith("OPENAI_") || k.startsWith("CODEX_") || k.startsWith("GEMINI_") || k.startsWith("GOOGLE_")
                    || k.startsWith("OPENROUTER_") || k.startsWith("OPENCODE_") || k.startsWith("COPILOT_") || k.startsWith("CURSOR_")
                    || k.equals("GH_TOKEN") || k.equals("GITHUB_TOKEN"));
            env.put("HOME", home.toString());
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            env.put("FAKE_CLAUDE_ARGV_LOG", argvLog.toString());
            env.put("E2E_API_KEY", "sk-e2e-doctor-key");
            pb.redirectError(home.resolve("stderr.log").toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String stderr = Files.readString(home.resolve("stderr.log"));

            String report = out.replaceAll(" \\d+ms", " Nms").replace(home.toString(), "~")
                    .replace(DIST.toRealPath().toString(), "<dist>").replaceAll("\\(version [^)]+\\)", "(version V)");
            assertEquals("""
                    harness-router doctor (version V)

                    Plugins: 7 harnesses (claude_code, codex, copilot, cursor, gemini_cli, openai_compatible, opencode) from ~/.harness-router/plugins, <dist>/plugins
                    Config: ✓ ~/config.yaml: 2 routes (2 enabled), priority opus → gpt

                    Harnesses:
                      claude_code — Claude Code CLI — command claude
                        ✓ installed  2.1.330 at ~/bin/claude
                        - auth       unknown until a route answers
                          claude 2.1.330 at ~/bin/claude; auth: no ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, \
                    CLAUDE_CODE_OAUTH_TOKEN and no ~/.claude/.credentials.json; the live probe will tell
                        → if claude is not logged in yet: run `claude` and log in with /login, or set ANTHROPIC_API_KEY
                      codex — OpenAI Codex CLI — command codex
                        ✗ installed  not found
                        - auth       unknown until a route answers
                          codex CLI not found on PATH (looked for 'codex'); auth: cannot run `codex login status`
                        → npm install -g @openai/codex
                        → log codex in: run `codex login` (or `printenv OPENAI_API_KEY | codex login --with-api-key`), \
                    or set CODEX_API_KEY in the route's env (codex does not send OPENAI_API_KEY)
                      copilot — GitHub Copilot CLI — command copilot
                        ✗ installed  not found
                        - auth       unknown until a route answers
                          copilot CLI not found on PATH (looked for 'copilot'); auth: none of COPILOT_GITHUB_TOKEN, GH_TOKEN, GITHUB_TOKEN is set; a stored `copilot /login` or `gh auth login` cannot be checked offline
                        → npm install -g @github/copilot
                        → give copilot credentials: set COPILOT_GITHUB_TOKEN (or GH_TOKEN) in the route's env to a fine-grained personal access token or OAuth token, or run `copilot` and `/login`
                      cursor — Cursor CLI — command agent
                        ✗ installed  not found
                        - auth       unknown until a route answers
                          Cursor CLI not found on PATH (looked for 'agent' and 'cursor-agent'); auth: no CURSOR_API_KEY and cannot run `status`; cursor: built from Cursor's docs; not verified against a real binary
                        → curl https://cursor.com/install -fsS | bash
                        → if the Cursor CLI is not logged in yet: run `agent login` (or `cursor-agent login`), or set CURSOR_API_KEY in the route's env (a key from the Cursor dashboard, Integrations > User API Keys)
                      gemini_cli — Google Gemini CLI — command gemini
                        ✗ installed  not found
                        - auth       unknown until a route answers
                          gemini CLI not found on PATH (looked for 'gemini'); auth: no GEMINI_API_KEY, no GOOGLE_GENAI_USE_VERTEXAI or GOOGLE_GENAI_USE_GCA and no security.auth.selectedType in ~/.gemini/settings.json; the live probe will tell
                        → npm install -g @google/gemini-cli
                        → if gemini has no auth method yet: set GEMINI_API_KEY in the route's env (or GOOGLE_GENAI_USE_VERTEXAI=true with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION), or run `gemini` once and choose "Login with Google"
                      openai_compatible — OpenAI-compatible API
                        ✓ installed  yes
                        - auth       unknown until a route answers
                          HTTP harness: routes are checked one by one with a live probe
                      opencode — opencode — command opencode
                        ✗ installed  not found
                        - auth       unknown until a route answers
                          opencode CLI not found on PATH (looked for 'opencode'); auth: no provider key variable is set; `opencode providers login` credentials are not checked
                        → npm install -g opencode-ai
                        → give opencode a provider's credentials: set the provider's key variable (e.g. ANTHROPIC_API_KEY) in the route's env, or run `opencode providers login`
                        → write each opencode route's model as provider/model (e.g. anthropic/claude-sonnet-4-5); if a route fails with only "Unexpected server error", run `opencode run --print-logs -m <provider/model> -- hi` to see why

                    Routes: each enabled route gets one prompt through its own dispatcher and model (60 s at most; \
                    not counted in the state database)
                      ✓ opus::claude_code model=claude-opus-4-1 via=claude Nms "ok from claude (model claude-opus-4-1)"
                      ✓ gpt::127.0.0.1:%d model=gpt-e2e via=%s Nms "Hello from the fake server"

                    2/2 harnesses ready
                    (5 harnesses not used by any enabled route, not counted)
                    2/2 routes answered
                    """.formatted(api.port(), api.baseUrl()), report, "stderr:\n" + stderr);
            assertEquals(0, p.exitValue(), stderr);
            assertTrue(Files.readAllLines(argvLog).containsAll(List.of("--model", "claude-opus-4-1")));
            assertEquals(1, api.requestsFor("gpt-e2e").size());
            assertFalse(out.contains("sk-e2e-doctor-key") || stderr.contains("sk-e2e-doctor-key"));
            assertFalse(stderr.contains("Exception"), stderr);
            assertFalse(Files.exists(home.resolve(".harness-router/state.db")), "live probes are not recorded");
        }
    }
}
