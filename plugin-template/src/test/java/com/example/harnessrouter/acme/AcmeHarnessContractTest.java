package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeCliScript;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks every harness plugin must pass (inherited from the router-api test kit), plus this
 * harness's names.
 */
class AcmeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new AcmeHarness();
    }

    /** The template's fake acme, in the mode the check needs. */
    private RouteSpec fake(Path dir, String mode, String... env) {
        RouteSpec.Builder b = route(FakeClis.install("acme", dir).toString()).toBuilder().env("ACME_FAKE_MODE", mode);
        for (int i = 0; i + 1 < env.length; i += 2) {
            b.env(env[i], env[i + 1]);
        }
        return b.build();
    }

    @Override
    protected Optional<RouteSpec> rateLimitedRoute(Path dir) {
        return Optional.of(fake(dir, "rate_limit"));
    }

    @Override
    protected Optional<RouteSpec> nonZeroExitRoute(Path dir) {
        return Optional.of(fake(dir, "crash"));
    }

    @Override
    protected Optional<RouteSpec> errorEventRoute(Path dir) {
        Path acme = FakeCliScript.named("acme").stdout("{\"type\":\"text\",\"text\":\"half an answer\"}")
                .stdout("{\"type\":\"error\",\"code\":500,\"message\":\"internal error\"}").exit(0).writeTo(dir);
        return Optional.of(route(acme.toString()));
    }

    @Override
    protected Optional<RouteSpec> streamingRoute(Path dir) {
        return Optional.of(fake(dir, "ok"));
    }

    @Override
    protected Optional<RouteSpec> outputPastTheCaptureCapRoute(Path dir) {
        String chunk = "{\"type\":\"text\",\"text\":\"" + "x".repeat(100) + "\"}";
        Path acme = FakeCliScript.named("acme").stdoutRepeated(chunk, 120_000) // about 14 MB, over the 10 MiB cap
                .stdout("{\"type\":\"done\",\"usage\":{\"in\":1,\"out\":2}}").writeTo(dir);
        return Optional.of(route(acme.toString()));
    }

    @Override
    protected Optional<HangScenario> hangingRoute(Path dir) {
        Path pidFile = dir.resolve("child.pid");
        return Optional.of(new HangScenario(fake(dir, "hang", "ACME_FAKE_PIDFILE", pidFile.toString()),
                Optional.of(pidFile)));
    }

    @Test
    void namesItselfAcmeCode() {
        Harness h = harness();
        assertEquals("acme_code", h.id());
        assertEquals(List.of("acme"), h.aliases());
        assertEquals("Acme Code CLI", h.displayName());
        assertEquals(Optional.of("acme"), h.defaultCommand());
    }
}
