package io.harnessrouter.host.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/** Our entry as a user adds it by hand: a fragment of the host's file, headed by the file's path. */
final class Snippets {

    private Snippets() {
    }

    static String of(HostTarget target, McpServer server, Path file) {
        if (target.toml()) {
            StringBuilder out = new StringBuilder("# ").append(file).append('\n')
                    .append('[').append(target.parent().get(0)).append('.').append(TomlText.key(server.name())).append("]\n");
            target.tomlKeys(server).forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
            return out.toString();
        }
        ObjectNode root = JsonEntryEditor.LENIENT.createObjectNode();
        ObjectNode at = root;
        List<String> parent = target.parent();
        for (String key : parent) {
            at = at.putObject(key);
        }
        at.set(server.name(), target.jsonEntry(server));
        return "// " + file + "\n" + JsonEntryEditor.render(root, "", "  ", "\n") + "\n";
    }
}
