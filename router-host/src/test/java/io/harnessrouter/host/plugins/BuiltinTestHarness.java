package io.harnessrouter.host.plugins;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.util.List;
import java.util.Optional;

/**
 * A harness on the test class path, registered in
 * {@code src/test/resources/META-INF/services/io.harnessrouter.api.Harness} so the registry finds
 * it as a built-in. Its id is deliberately unlike any real harness.
 */
public final class BuiltinTestHarness implements Harness {

    static final String ID = "builtin_test";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> aliases() {
        return List.of("builtin_alias");
    }

    @Override
    public String displayName() {
        return "Built-in test harness";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.empty();
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        throw new UnsupportedOperationException("not dispatched in registry tests");
    }

    /** Ready, with nothing to install: doctor tests see it in every registry they load. */
    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return (command, timeout) -> new ProbeReport(ID, true, Optional.empty(), Optional.empty(),
                ProbeReport.AuthState.AUTHENTICATED, "test harness: nothing to install", List.of());
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QuotaHeaderParser.NONE;
    }

    /** Its routes' timeout when the config sets none, so tests can tell it from the routing default. */
    static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(42);

    @Override
    public Optional<java.time.Duration> defaultTimeout() {
        return Optional.of(DEFAULT_TIMEOUT);
    }
}
