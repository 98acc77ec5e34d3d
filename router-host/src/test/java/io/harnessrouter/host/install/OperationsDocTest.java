package io.harnessrouter.host.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/operations.md's host table has a row per host, naming the file install writes on Linux. */
class OperationsDocTest {

    @Test
    void theHostTableHasOneRowPerTargetNamingItsUserFile() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "operations.md"));
        InstallEnv linux = new InstallEnv(Path.of("/home/me"), Map.of(), "Linux", Path.of("/p"));
        for (Host host : Host.values()) {
            List<String> rows = lines.stream().filter(l -> l.startsWith("| `" + host.id() + "` |")).toList();
            assertEquals(1, rows.size(), host.id() + " rows: " + rows);
            String file = HostTarget.of(host, Scope.USER, linux).file().orElseThrow().getFileName().toString();
            assertTrue(rows.get(0).contains(file), host.id() + " row names " + file + ": " + rows.get(0));
        }
        for (String command : new String[] {"install", "uninstall", "completion"}) {
            assertTrue(lines.contains("## " + command), "section ## " + command);
        }
    }
}
