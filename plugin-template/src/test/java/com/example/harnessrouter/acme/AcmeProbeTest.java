package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @Test
    void reportsAnInstalledLoggedInCliAsReady() {
        try (TestHarnessContext ctx = AcmeTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new AcmeProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("acme")), r.path());
            assertEquals(Optional.of("1.4.2"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("acme 1.4.2 at " + bin.resolve("acme") + "; auth: Logged in as dev@example.com (plan: Pro)",
                    r.detail());
            assertEquals(List.of(), r.nextSteps());
        }
    }

    @Test
    void reportsALoggedOutCliAsNotReadyWithTheLoginStep() {
        try (TestHarnessContext ctx = AcmeTestSupport.contextWithFake(bin, Map.of("ACME_FAKE_AUTH", "logged_out"))) {
            ProbeReport r = new AcmeProbe(ctx).check(Optional.of("acme"), TIMEOUT);

            assertTrue(r.installed());
            assertFalse(r.ready());
            assertEquals(AuthState.NOT_AUTHENTICATED, r.auth());
            assertEquals("acme 1.4.2 at " + bin.resolve("acme") + "; auth: not logged in", r.detail());
            assertEquals(List.of("log in: acme auth login"), r.nextSteps());
        }
    }

    @Test
    void reportsAMissingCliWithTheInstallCommand() {
        try (TestHarnessContext ctx = AcmeTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new AcmeProbe(ctx).check(Optional.of("acme-not-here"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals("acme CLI not found on PATH (looked for 'acme-not-here')", r.detail());
            assertEquals(List.of("install it: npm install -g @acme/code-cli"), r.nextSteps());
        }
    }

    @Test
    void reportsABinaryThatDoesNotAnswerVersionAsNotInstalled() throws IOException {
        Path broken = bin.resolve("acme-broken");
        Files.writeString(broken, "#!/bin/sh\necho 'segmentation fault' >&2\nexit 139\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestHarnessContext ctx = AcmeTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new AcmeProbe(ctx).check(Optional.of(broken.toString()), TIMEOUT);

            assertFalse(r.installed());
            assertEquals("acme at " + broken + " did not answer --version: exit code 139, segmentation fault", r.detail());
            assertEquals(List.of("reinstall it: npm install -g @acme/code-cli"), r.nextSteps());
        }
    }

    @Test
    void readsTheFirstVersionNumber() {
        assertEquals(Optional.of("1.4.2"), AcmeProbe.parseVersion("acme 1.4.2 (linux-x64)"));
        assertEquals(Optional.empty(), AcmeProbe.parseVersion("acme"));
    }
}
