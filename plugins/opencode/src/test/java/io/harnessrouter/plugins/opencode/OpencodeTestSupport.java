package io.harnessrouter.plugins.opencode;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake opencode first on PATH and none of the developer's own settings. */
final class OpencodeTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED;

    static {
        List<String> names = new ArrayList<>(List.of("FAKE_OPENCODE_MODE", "FAKE_OPENCODE_ANSWER",
                "FAKE_OPENCODE_RETRY_AFTER", "FAKE_OPENCODE_ARGV_LOG", "FAKE_OPENCODE_ENV_LOG",
                "FAKE_OPENCODE_PROMPT_LOG", "FAKE_OPENCODE_PIDFILE", "OPENCODE_DISABLE_MODELS_FETCH"));
        names.addAll(OpencodeProbe.KEY_VARIABLES);
        SCRUBBED = List.copyOf(names);
    }

    private OpencodeTestSupport() {
    }

    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        return FakeClis.contextWithFake("opencode", bin, SCRUBBED, env);
    }
}
