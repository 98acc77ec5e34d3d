package io.harnessrouter.host.doctor.testplugin;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;

/** A harness whose doctor check throws, as a buggy plugin's might. */
public final class ThrowingProbeHarness implements Harness {

    @Override
    public String id() {
        return "throwing_probe";
    }

    @Override
    public String displayName() {
        return "Throwing probe";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of("throwing-cli");
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        throw new IllegalStateException("no dispatcher either");
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return (command, timeout) -> {
            throw new IllegalStateException("boom in check");
        };
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QuotaHeaderParser.NONE;
    }
}
