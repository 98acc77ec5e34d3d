package io.harnessrouter.host.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksRouteKeysRouteEnvSecretsAndSecretLookingProcessVariables() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-process-level-key", "GH_TOKEN", "ghp_123456789",
                "PATH", "/usr/local/bin:/usr/bin", "SHORT_KEY", "abc");
        Config config = ConfigLoader.parse(Path.of("config.yaml"), """
                priority: [gpt, opus]
                models:
                  gpt:
                    metered: {base_url: "https://api.example.com/v1", api_key: "sk-route-level-key"}
                  opus:
                    subscription:
                      harness: claude_code
                      env: {ANTHROPIC_AUTH_TOKEN: "route-env-token-1", CLAUDE_MODE: "plain-value-1"}
                """, env);

        Redactor redactor = Redactor.of(env, Optional.of(config));

        assertEquals("keys ****** ****** ****** ****** kept /usr/local/bin:/usr/bin abc plain-value-1",
                redactor.apply("keys sk-process-level-key ghp_123456789 sk-route-level-key route-env-token-1 kept"
                        + " /usr/local/bin:/usr/bin abc plain-value-1"));
    }

    @Test
    void withoutConfigOnlyTheEnvironmentIsMasked() {
        Redactor redactor = Redactor.of(Map.of("MY_SECRET", "hunter2hunter2"), Optional.empty());

        assertEquals("pw ******", redactor.apply("pw hunter2hunter2"));
    }
}
