package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script is generated from the command tree and completes in a real bash. */
class CompletionCommandTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8)};
    }

    /** What bash completes for the words typed so far (the last one may be partial). */
    private static String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        String program = "source " + script + "\nCOMP_WORDS=(" + words + ")\nCOMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE='" + line + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_harness-router\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // (compopt complains on stderr outside a real completion; what was completed is on stdout)
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void bashCompletesEveryCommandAndTheInstallTargets(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "bash");
        String[] r = run("completion", "bash");
        assertEquals("0", r[0]);
        Path script = Files.writeString(tmp.resolve("harness-router.bash"), r[1]);

        assertEquals("install\n", complete(script, "harness-router ins"));
        String commands = complete(script, "harness-router ");
        for (String command : new String[] {"doctor", "install", "uninstall", "completion"}) {
            assertTrue(commands.lines().anyMatch(command::equals), command + " in\n" + commands);
        }
        assertEquals("codex\ncopilot\n", complete(script, "harness-router install --target co"));
        assertTrue(complete(script, "harness-router uninstall --").contains("--scope"));
    }

    @Test
    void zshGetsTheSameScriptWhichLoadsBashcompinitAndAnotherShellIsAUsageError() {
        String[] zsh = run("completion", "zsh");
        assertEquals("0", zsh[0]);
        assertEquals(run("completion")[1], zsh[1]);
        assertTrue(zsh[1].contains("bashcompinit"), "zsh support");
        String[] fish = run("completion", "fish");
        assertEquals("2", fish[0]);
        assertEquals("", fish[1]);
    }
}
