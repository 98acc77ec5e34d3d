package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every {@code ```yaml} block of docs/configuration.md and README.md, so a doc example that stops loading
 * fails the build. A {@code ```yaml broken} block must fail, with exactly the message in the
 * {@code ```text} block that follows it. A {@code ```yaml unset=NAME} block must load, and still
 * load when the variable {@code NAME} is not set, with exactly the routes the next {@code ```text}
 * block lists ({@code <route id>: <reason>}) unavailable.
 */
class ConfigurationDocExamplesTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Path README = Path.of("..", "README.md");
    private static final Path FILE = Path.of("config.yaml");
    private static final Map<String, String> ENV = Map.of(
            "ANTHROPIC_API_KEY", "test", "OPENAI_API_KEY", "test", "GEMINI_API_KEY", "test");

    /** One fenced block: its info string ({@code yaml broken}), first content line and text. */
    record Block(String info, int line, String text) {
        boolean isYaml() {
            return info.equals("yaml") || info.startsWith("yaml ");
        }

        boolean isBroken() {
            return info.equals("yaml broken");
        }

        /** The variable named by {@code unset=NAME}, or the empty string. */
        String unset() {
            return info.startsWith("yaml unset=") ? info.substring("yaml unset=".length()) : "";
        }
    }

    static List<Block> blocks() throws IOException {
        return blocks(DOC);
    }

    static List<Block> blocks(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            String info = lines.get(i).substring(3).strip();
            StringBuilder text = new StringBuilder();
            int start = i + 2;
            while (++i < lines.size() && !lines.get(i).startsWith("```")) {
                text.append(lines.get(i)).append('\n');
            }
            blocks.add(new Block(info, start, text.toString()));
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyYamlExampleLoadsOrFailsAsShown() throws IOException {
        return Stream.concat(examples(DOC), examples(README));
    }

    private static Stream<DynamicTest> examples(Path doc) throws IOException {
        List<Block> blocks = blocks(doc);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (!block.isYaml()) {
                continue;
            }
            String name = doc.getFileName() + " line " + block.line() + (block.isBroken() ? " (broken)" : "");
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : new Block("", 0, "");
            if (block.isBroken()) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertFailsAsShown(block, next, ENV)));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> assertLoadsCleanly(block)));
            if (!block.unset().isEmpty()) {
                Map<String, String> env = new HashMap<>(ENV);
                env.remove(block.unset());
                tests.add(DynamicTest.dynamicTest(name + " without " + block.unset(),
                        () -> assertUnavailableAsShown(block, next, env)));
            }
        }
        return tests.stream();
    }

    @Test
    void theDocHasSeveralCompleteExamplesAndBrokenOnes() throws IOException {
        List<Block> yaml = blocks().stream().filter(Block::isYaml).toList();

        assertTrue(yaml.stream().filter(b -> !b.isBroken()).count() >= 5, "complete examples: " + yaml);
        assertTrue(yaml.stream().filter(Block::isBroken).count() >= 3, "broken examples: " + yaml);
        assertTrue(yaml.stream().anyMatch(b -> !b.unset().isEmpty()), "an unset-variable example: " + yaml);
    }

    private static void assertLoadsCleanly(Block block) {
        Config config = ConfigLoader.parse(FILE, block.text(), ENV);

        assertEquals(List.of(), config.warnings(), "warnings of the example at line " + block.line());
        assertTrue(!config.routes().isEmpty(), "the example at line " + block.line() + " has routes");
    }

    /**
     * The README's example, copied by someone with only a Claude subscription: no API key is set,
     * yet the file loads, the claude_code route is usable and only the two metered routes are
     * unavailable, each saying which variable it needs.
     */
    @Test
    void theReadmeExampleRoutesWithNoApiKeySet() throws IOException {
        Block example = blocks(README).stream().filter(Block::isYaml).findFirst().orElseThrow();

        Config config = ConfigLoader.parse(FILE, example.text(), Map.of("HOME", "/home/dev"));

        RouteConfig claude = config.route("opus::claude_code").orElseThrow();
        assertTrue(claude.enabled());
        assertEquals(java.util.Optional.empty(), claude.unavailableReason());
        assertEquals(List.of("opus::api.anthropic.com", "gpt::api.openai.com"), config.routes().stream()
                .filter(r -> r.unavailableReason().isPresent()).map(RouteConfig::id).toList());
        assertTrue(config.route("opus::api.anthropic.com").orElseThrow().unavailableReason().orElseThrow()
                .startsWith("needs ANTHROPIC_API_KEY, which is not set: "));
        assertTrue(config.route("gpt::api.openai.com").orElseThrow().unavailableReason().orElseThrow()
                .startsWith("needs OPENAI_API_KEY, which is not set: "));
        assertEquals(List.of(), config.warnings());
    }

    private static void assertUnavailableAsShown(Block block, Block expected, Map<String, String> env) {
        assertEquals("text", expected.info(), "the example at line " + block.line() + " needs a ```text block after it");
        Config config = ConfigLoader.parse(FILE, block.text(), env);
        String unavailable = config.routes().stream().filter(r -> r.unavailableReason().isPresent())
                .map(r -> r.id() + ": " + r.unavailableReason().get()).collect(java.util.stream.Collectors.joining("\n"));
        assertEquals(expected.text().strip(), unavailable, "the example at line " + block.line());
    }

    private static void assertFailsAsShown(Block block, Block expected, Map<String, String> env) {
        assertEquals("text", expected.info(), "the example at line " + block.line() + " needs a ```text block after it");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, block.text(), env),
                "the broken example at line " + block.line() + " loaded");
        assertEquals(expected.text().strip(), e.getMessage());
    }
}
