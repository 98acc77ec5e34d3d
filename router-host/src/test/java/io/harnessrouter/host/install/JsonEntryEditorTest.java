package io.harnessrouter.host.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonEntryEditorTest {

    private static final Path FILE = Path.of("/home/u/.config/opencode/opencode.jsonc");
    private final JsonEntryEditor editor = new JsonEntryEditor(FILE, List.of("mcpServers"));

    private static ObjectNode entry(String command) {
        ObjectNode e = JsonEntryEditor.LENIENT.createObjectNode().put("command", command);
        e.putArray("args").add("--config").add("/c.yaml");
        return e;
    }

    private static JsonNode read(String text) throws Exception {
        return JsonEntryEditor.LENIENT.readTree(text);
    }

    @Test
    void addsOurEntryAsTheLastMemberAndKeepsEveryOtherByteOfAJsoncFile() throws Exception {
        String text = """
                {
                    // my servers
                    "theme": "dark", /* keep */
                    "mcpServers": {
                        "other": {"command": "x"}, // trailing comma next
                    },
                }
                """;
        Edit edit = editor.install(text, "harness-router", entry("/opt/hr/bin/harness-router"));

        assertEquals(Change.ADDED, edit.change());
        assertEquals("""
                {
                    // my servers
                    "theme": "dark", /* keep */
                    "mcpServers": {
                        "other": {"command": "x"},
                        "harness-router": {
                            "command": "/opt/hr/bin/harness-router",
                            "args": ["--config", "/c.yaml"]
                        }, // trailing comma next
                    },
                }
                """, edit.text());
    }

    @Test
    void anEntryWithOurValuesLeavesTheTextIdenticalEvenWhenFormattedOtherwise() {
        String text = "{\"mcpServers\":{\"harness-router\":{ \"args\":[\"--config\",\"/c.yaml\"],\"command\":\"/b\" }}}";
        Edit edit = editor.install(text, "harness-router", entry("/b"));
        assertEquals(Change.UNCHANGED, edit.change());
        assertSame(text, edit.text());
    }

    @Test
    void updatingOurEntryKeepsKeysTheUserAddedToIt() throws Exception {
        String text = "{\r\n  \"mcpServers\": {\r\n    \"harness-router\": {\"command\": \"/old\", \"env\": {\"A\": \"1\"}}\r\n  }\r\n}\r\n";
        Edit edit = editor.install(text, "harness-router", entry("/new"));
        assertEquals(Change.UPDATED, edit.change());
        JsonNode ours = read(edit.text()).path("mcpServers").path("harness-router");
        assertEquals("/new", ours.path("command").asText());
        assertEquals("1", ours.path("env").path("A").asText());
        assertTrue(!edit.text().replace("\r\n", "").contains("\n"), "CRLF kept: " + edit.text());
    }

    @Test
    void createsTheParentObjectWhenTheFileHasNone() throws Exception {
        Edit edit = editor.install("{\n  \"theme\": \"dark\"\n}\n", "hr", entry("/b"));
        assertEquals("{\n  \"theme\": \"dark\",\n  \"mcpServers\": {\n    \"hr\": {\n      \"command\": \"/b\",\n"
                + "      \"args\": [\"--config\", \"/c.yaml\"]\n    }\n  }\n}\n", edit.text());
    }

    @Test
    void aNewFileHoldsOnlyOurEntry() throws Exception {
        Edit edit = editor.install("", "hr", entry("/b"));
        assertEquals(entry("/b"), read(edit.text()).path("mcpServers").path("hr"));
        assertEquals(1, read(edit.text()).size());
    }

    @Test
    void refusesAKeyDefinedTwiceAParentThatIsNotAnObjectAndTextThatIsNotJson() {
        UnsafeEditException twice = assertThrows(UnsafeEditException.class, () -> editor.install(
                "{\"mcpServers\": {\"hr\": {}, \"hr\": {}}}", "hr", entry("/b")));
        assertEquals(FILE + ": the key \"hr\" appears 2 times in one object, so which one the host reads is unclear",
                twice.getMessage());
        UnsafeEditException notObject = assertThrows(UnsafeEditException.class, () -> editor.install(
                "{\"mcpServers\": []}", "hr", entry("/b")));
        assertEquals(FILE + ": \"mcpServers\" is not a JSON object", notObject.getMessage());
        UnsafeEditException broken = assertThrows(UnsafeEditException.class, () -> editor.install(
                "{\"mcpServers\": {\n\"a\": 1 \"b\": 2}}", "hr", entry("/b")));
        assertEquals(FILE + ": not valid JSON: expected ',' or '}' at line 2, column 8", broken.getMessage());
        assertThrows(UnsafeEditException.class, () -> editor.uninstall("[1]", "hr"));
    }

    @Test
    void uninstallRemovesOnlyOurEntryWhereverItStands() {
        String first = "{\"mcpServers\": {\n  \"hr\": {\"command\": \"/b\"},\n  \"other\": {}\n}}";
        assertEquals("{\"mcpServers\": {\n  \"other\": {}\n}}", editor.uninstall(first, "hr").text());
        String last = "{\"mcpServers\": {\n  \"other\": {},\n  \"hr\": {\"command\": \"/b\"}\n}}";
        assertEquals("{\"mcpServers\": {\n  \"other\": {}\n}}", editor.uninstall(last, "hr").text());
        String only = "{\"mcpServers\": {\"hr\": {\"command\": \"/b\"}}, \"x\": 1}";
        assertEquals("{\"mcpServers\": {}, \"x\": 1}", editor.uninstall(only, "hr").text());
        Edit absent = editor.uninstall(first, "nope");
        assertEquals(Change.ABSENT, absent.change());
        assertSame(first, absent.text());
    }
}
