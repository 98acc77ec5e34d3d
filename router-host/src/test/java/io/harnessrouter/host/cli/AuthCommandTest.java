package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code harness-router auth [show|rotate]}: the token file, its output and its mode warning. */
class AuthCommandTest {
    @TempDir
    Path home;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        Map<String, String> env = Map.of("HOME", home.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == AuthCommand.class ? type.cast(new AuthCommand(env)) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    private Path tokenPath() {
        return home.resolve(".harness-router/auth.token");
    }

    @Test
    void showWithoutATokenSaysHowToMakeOneAndExitsOne() {
        Run r = run("auth");

        assertEquals(1, r.code());
        assertEquals("No bearer token at " + tokenPath() + ". `harness-router auth rotate` creates one; so does"
                + " `harness-router serve` when it needs one.\n", r.err());
    }

    @Test
    void rotateWritesA43CharacterTokenWithMode0600AndShowPrintsIt() throws Exception {
        Run rotated = run("auth", "rotate");

        assertEquals(0, rotated.code(), rotated.err());
        String token = Files.readString(tokenPath()).strip();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenPath())));
        assertEquals(List.of("Rotated token at " + tokenPath() + ":", "", "  " + token, "",
                "A running harness-router serve refuses the old token from its next request on; update your clients."),
                rotated.out().lines().toList());

        Run shown = run("auth", "show");
        assertEquals(0, shown.code());
        assertEquals("Token at " + tokenPath() + ":\n\n  " + token + "\n\n", shown.out());
        assertEquals("", shown.err());
        assertNotEquals(token, run("auth", "rotate").out().lines().toList().get(2).strip(), "each rotation is a new token");
    }

    @Test
    void showWarnsWhenTheFileIsReadableByOthers() throws Exception {
        run("auth", "rotate");
        Files.setPosixFilePermissions(tokenPath(), PosixFilePermissions.fromString("rw-r--r--"));

        Run r = run("auth");

        assertEquals(0, r.code());
        assertEquals("warning: " + tokenPath() + " has mode 0644, so other users can read the token; run: chmod 600 "
                + tokenPath() + "\n", r.err());
    }

    @Test
    void theConfigsTokenFileWins() throws Exception {
        Path custom = home.resolve("elsewhere/token");
        Path config = Files.writeString(home.resolve("config.yaml"), "priority: []\nmodels: {m: {subscription: {harness:"
                + " codex}}}\nhttp: {auth: {token_file: " + custom + "}}\n");

        Run r = run("auth", "rotate", "--config", config.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(custom));
        assertTrue(r.out().startsWith("Rotated token at " + custom + ":"), r.out());
    }
}
