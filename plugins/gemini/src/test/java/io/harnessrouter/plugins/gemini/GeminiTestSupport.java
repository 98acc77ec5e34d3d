package io.harnessrouter.plugins.gemini;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake gemini first on PATH and none of the developer's own settings. */
final class GeminiTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_GEMINI_MODE", "FAKE_GEMINI_ANSWER", "FAKE_GEMINI_ARGV_LOG",
            "FAKE_GEMINI_ENV_LOG", "FAKE_GEMINI_PROMPT_LOG", "FAKE_GEMINI_PIDFILE", "GEMINI_API_KEY", "GOOGLE_API_KEY",
            "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION",
            "GEMINI_CLI_TRUST_WORKSPACE", "GEMINI_CLI_SYSTEM_DEFAULTS_PATH", "HOME");

    private GeminiTestSupport() {
    }

    /**
     * A directory the plugin may keep gemini's defaults file in during tests: the module's
     * target/ when no directory above it is writable by others (gemini refuses the file otherwise,
     * and so does the fake), else a folder in the user's cache.
     */
    static Path secureCache() {
        Path target = Path.of("target", "gemini-cache").toAbsolutePath();
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (writableByOthers(p)) {
                return Path.of(System.getProperty("user.home"), ".cache", "harness-router-tests");
            }
        }
        return target;
    }

    private static boolean writableByOthers(Path p) {
        try {
            var perms = java.nio.file.Files.getPosixFilePermissions(p);
            return perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A context whose HOME is {@code bin} (no settings there) and whose env adds {@code env}. */
    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        Map<String, String> withHome = new HashMap<>(Map.of("HOME", bin.toString(),
                "XDG_CACHE_HOME", secureCache().toString()));
        withHome.putAll(env);
        return FakeClis.contextWithFake("gemini", bin, SCRUBBED, withHome);
    }
}
