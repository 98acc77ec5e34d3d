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
 * {@code ```text} block that follows it. A {@code ```yaml unset=NAME} block must load, and fail as
 * the next {@code ```text} block shows when the variable {@code NAME} is not set.
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
                        () -> assertFailsAsShown(block, next, env)));
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

    private static void assertFailsAsShown(Block block, Block expected, Map<String, String> env) {
        assertEquals("text", expected.info(), "the example at line " + block.line() + " needs a ```text block after it");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, block.text(), env),
                "the broken example at line " + block.line() + " loaded");
        assertEquals(expected.text().strip(), e.getMessage());
    }
}
