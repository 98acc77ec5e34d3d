package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's exit-code contract: 0 success, 2 usage error; help and version on stdout. */
class MainTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void versionGoesToStdoutAndExitsZero() {
        String[] r = run("--version");
        assertEquals("0", r[0]);
        assertEquals("harness-router dev\n", r[1].replace("\r\n", "\n"));
    }

    @Test
    void helpListsTheServerOptionsAndTheDoctorCommand() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].startsWith("Usage: harness-router"), r[1]);
        for (String expected : new String[] {"--config=<file>", "--plugins-dir=<dir>", "--state-db=<file>", "doctor"}) {
            assertTrue(r[1].contains(expected), expected + " in\n" + r[1]);
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorAndPrintsNothingOnStdout() {
        String[] r = run("--bogus");
        assertEquals("2", r[0]);
        assertEquals("", r[1]);
    }
}
