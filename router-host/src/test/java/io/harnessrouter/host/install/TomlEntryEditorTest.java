package io.harnessrouter.host.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlEntryEditorTest {

    private static final Path FILE = Path.of("/home/u/.codex/config.toml");
    private final TomlEntryEditor editor = new TomlEntryEditor(FILE, "mcp_servers");

    private static Map<String, String> keys(String command) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("command", TomlText.string(command));
        keys.put("args", "[\"--config\", \"/c.yaml\"]");
        keys.put("default_tools_approval_mode", "\"approve\"");
        return keys;
    }

    private static final String USERS = """
            # Codex settings
            model = "o3"   # the default
            notes = \"\"\"
            [mcp_servers.harness-router]
            is text, not a table\"\"\"

            [mcp_servers.other]
            command = "x"
            args = [
              "a", # first
            ]
            """;

    @Test
    void addsOurTableAtTheEndAndKeepsCommentsAndFormatting() {
        Edit edit = editor.install(USERS, "harness-router", keys("/opt/hr/bin/harness-router"));
        assertEquals(Change.ADDED, edit.change());
        assertEquals(USERS + """

                [mcp_servers.harness-router]
                command = "/opt/hr/bin/harness-router"
                args = ["--config", "/c.yaml"]
                default_tools_approval_mode = "approve"
                """, edit.text());
    }

    @Test
    void ourTableWithOurValuesLeavesTheTextIdenticalEvenWhenFormattedOtherwise() {
        String text = "[mcp_servers.harness-router]\ndefault_tools_approval_mode='approve'\n".replace("'approve'", "\"approve\"")
                + "command = \"/b\"   # ours\nargs = [\n  \"--config\",\n  \"/c.yaml\",\n]\n";
        Edit edit = editor.install(text, "harness-router", keys("/b"));
        assertEquals(Change.UNCHANGED, edit.change());
        assertSame(text, edit.text());
    }

    @Test
    void updatingOurTableRewritesOnlyOurKeysAndKeepsTheUsersKeysAndEnvTable() {
        String text = """
                [mcp_servers.harness-router]
                # why: longer start-up
                startup_timeout_sec = 20
                command = "/old"
                args = [
                  "x",
                ]

                [mcp_servers.harness-router.env]
                A = "1"
                """;
        Edit edit = editor.install(text, "harness-router", keys("/new"));
        assertEquals(Change.UPDATED, edit.change());
        assertEquals("""
                [mcp_servers.harness-router]
                command = "/new"
                args = ["--config", "/c.yaml"]
                default_tools_approval_mode = "approve"
                # why: longer start-up
                startup_timeout_sec = 20

                [mcp_servers.harness-router.env]
                A = "1"
                """, edit.text());
    }

    @Test
    void refusesFormsItDoesNotEdit() {
        assertEquals(FILE + ": the table [mcp_servers.hr] is defined 2 times", assertThrows(UnsafeEditException.class,
                () -> editor.install("[mcp_servers.hr]\n[mcp_servers.hr]\n", "hr", keys("/b"))).getMessage());
        assertEquals(FILE + ": mcp_servers.hr sets the entry as a dotted key or an inline table, a form install does"
                + " not edit; use a [mcp_servers.hr] table", assertThrows(UnsafeEditException.class,
                () -> editor.install("[mcp_servers]\nhr = { command = \"/b\" }\n", "hr", keys("/b"))).getMessage());
        assertThrows(UnsafeEditException.class,
                () -> editor.install("mcp_servers.hr.command = \"/b\"\n", "hr", keys("/b")));
        assertThrows(UnsafeEditException.class,
                () -> editor.install("mcp_servers = { }\n", "hr", keys("/b")));
        assertThrows(UnsafeEditException.class,
                () -> editor.uninstall("[[mcp_servers]]\nname = \"hr\"\n", "hr"));
        assertEquals(FILE + ": not TOML this editor can read: a string is not closed on its line at line 2",
                assertThrows(UnsafeEditException.class, () -> editor.install("a = 1\nb = \"open\n", "hr", keys("/b")))
                        .getMessage());
    }

    @Test
    void uninstallRemovesOurTableAndItsSubTablesOnly() {
        String text = USERS + "\n[mcp_servers.hr]\ncommand = \"/b\"\n\n[mcp_servers.hr.env]\nA = \"1\"\n\n# next\n[tui]\nx = 1\n";
        Edit edit = editor.uninstall(text, "hr");
        assertEquals(Change.REMOVED, edit.change());
        assertEquals(USERS + "\n# next\n[tui]\nx = 1\n", edit.text());
        String installedThenRemoved = editor.uninstall(editor.install(USERS, "hr", keys("/b")).text(), "hr").text();
        assertEquals(USERS, installedThenRemoved);
        assertSame(USERS, editor.uninstall(USERS, "hr").text());
        assertTrue(editor.uninstall(USERS, "hr").change() == Change.ABSENT);
    }
}
