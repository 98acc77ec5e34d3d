package com.example.harnessrouter.acme;

import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Contexts with the fake {@code acme} first on PATH and none of the developer's own Acme settings. */
final class AcmeTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("ACME_FAKE_MODE", "ACME_FAKE_ANSWER", "ACME_FAKE_AUTH",
            "ACME_FAKE_ARGV_LOG", "ACME_FAKE_ENV_LOG", "ACME_FAKE_GATE", "ACME_FAKE_PIDFILE", "ACME_MAX_RETRIES");

    private AcmeTestSupport() {
    }

    /**
     * Installs the fake {@code acme} (src/test/resources/fake-clis/acme) into {@code bin} and
     * returns a context with {@code bin} first on PATH and {@code env} set.
     */
    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        FakeClis.install("acme", bin);
        TestHarnessContext.Builder b = TestHarnessContext.builder().prependPath(bin);
        SCRUBBED.forEach(b::withoutEnv);
        return b.env(env).build();
    }

    /** The route {@code sonnet::acme_code} with this env and these settings. */
    static RouteSpec route(Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder("sonnet::acme_code", "sonnet", AcmeHarness.ID, Tier.SUBSCRIPTION)
                .cliModel("acme-sonnet-2").env(env).settings(settings).build();
    }
}
