package io.harnessrouter.plugins.cursor;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake Cursor CLI first on PATH and none of the developer's own settings. */
final class CursorTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_CURSOR_MODE", "FAKE_CURSOR_ANSWER", "FAKE_CURSOR_ARGV_LOG",
            "FAKE_CURSOR_ENV_LOG", "FAKE_CURSOR_PIDFILE", "FAKE_CURSOR_STATUS", "FAKE_CURSOR_LONG_BYTES", "FAKE_CURSOR_EXIT",
            "CURSOR_API_KEY");

    private CursorTestSupport() {
    }

    /** The fake installed as {@code agent} in {@code bin}, first on PATH. */
    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        return FakeClis.contextWithFake("agent", bin, SCRUBBED, env);
    }

    /**
     * The same fake installed only as {@code cursor-agent} (the older name) in {@code bin}, with a
     * PATH of {@code bin} and the system directories the script needs, so no {@code agent} is found.
     */
    static TestHarnessContext contextWithOldNameOnly(Path bin, Map<String, String> env) {
        Path installed = FakeClis.install("agent", bin);
        try {
            Files.move(installed, bin.resolve(CursorHarness.OLD_COMMAND),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestHarnessContext.Builder b = TestHarnessContext.builder().env("PATH", bin + ":/usr/bin:/bin");
        SCRUBBED.forEach(b::withoutEnv);
        return b.env(env).build();
    }
}
