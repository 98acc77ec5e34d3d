package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.config.HttpLimits;
import io.harnessrouter.host.config.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code serve}'s flags and the config's {@code http:} block combine. */
class ServeCommandTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final HttpSettings CONFIG = new HttpSettings("127.0.0.1", 9000, false, Optional.of("/run/token"),
            new HttpLimits(4096, 2, Duration.ofSeconds(60), 1));

    private static ServeCommand.Resolved resolve(HttpSettings http, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.resolve(http, Map.of(), HOME);
    }

    @Test
    void theConfigAppliesWhenNoFlagIsGiven() {
        ServeCommand.Resolved r = resolve(CONFIG);

        assertEquals("127.0.0.1", r.options().bind());
        assertEquals(9000, r.options().port());
        assertFalse(r.options().authRequired());
        assertEquals(Path.of("/run/token"), r.options().tokenFile().path());
        assertEquals(CONFIG.limits(), r.options().limits());
    }

    @Test
    void flagsWinOverTheConfig() {
        ServeCommand.Resolved r = resolve(CONFIG, "--port", "8000", "--bind", "localhost", "--require-auth");

        assertEquals("localhost", r.options().bind());
        assertEquals(8000, r.options().port());
        assertTrue(r.options().authRequired());
        assertEquals("", r.forcedAuthReason(), "asked for, not forced");
    }

    @Test
    void aNonLoopbackBindForcesAuthOnAndSaysWhy() {
        ServeCommand.Resolved r = resolve(HttpSettings.DEFAULTS, "--bind", "0.0.0.0");

        assertTrue(r.options().authRequired());
        assertEquals("bind 0.0.0.0 is not a loopback address", r.forcedAuthReason());
        assertEquals(HOME.resolve(".harness-router/auth.token"), r.options().tokenFile().path());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        int code = new CommandLine(new RootCommand(System.err)).execute("serve", "--port", "70000");

        assertEquals(2, code);
    }
}
