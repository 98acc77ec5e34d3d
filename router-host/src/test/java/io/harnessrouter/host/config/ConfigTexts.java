package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Shared helpers: parse YAML text as {@code config.yaml} and render problems as their lines. */
final class ConfigTexts {
    static final Path FILE = Path.of("config.yaml");
    static final Map<String, String> ENV = Map.of(
            "ANTHROPIC_API_KEY", "test-anthropic",
            "OPENAI_API_KEY", "test-openai",
            "GEMINI_API_KEY", "test-gemini");

    private ConfigTexts() {
    }

    static Config parse(String yaml) {
        return ConfigLoader.parse(FILE, yaml, ENV);
    }

    static Config parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(FILE, yaml, env);
    }

    /** The problems of a file that must fail, one {@code file:line: path: message} per line. */
    static String problems(String yaml) {
        return problems(yaml, ENV);
    }

    static String problems(String yaml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, yaml, env));
        return lines(e.problems());
    }

    static String lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    static String resource(String name) {
        try (InputStream in = ConfigTexts.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /config/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
