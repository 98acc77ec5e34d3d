package io.harnessrouter.host.plugins;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's harness as the host uses it: the descriptive methods answer what the plugin said once
 * at load time, and the factories ({@link #dispatcher}, {@link #doctorProbe},
 * {@link #quotaHeaderParser}) run time-boxed through {@link PluginCalls}, so a factory that hangs,
 * throws or returns null surfaces as a {@link PluginCallException} naming the harness instead of
 * a stuck thread or a {@code NullPointerException} far away. Dispatch results are guarded where
 * they are used (the router turns a throwing or null {@code dispatch} into a failed attempt).
 *
 * <p>Thread-safe when the plugin's harness is, as {@link Harness} requires.
 */
final class GuardedHarness implements Harness {

    private final Harness plugin;
    private final HarnessInfo info;
    private final Optional<String> defaultCommand;
    private final Duration limit;

    GuardedHarness(Harness plugin, HarnessInfo info, Optional<String> defaultCommand, Duration limit) {
        this.plugin = plugin;
        this.info = info;
        this.defaultCommand = defaultCommand;
        this.limit = limit;
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public List<String> aliases() {
        return info.aliases();
    }

    @Override
    public String displayName() {
        return info.displayName();
    }

    @Override
    public Optional<String> defaultCommand() {
        return defaultCommand;
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return PluginCalls.call(name("dispatcher()"), limit, () -> plugin.dispatcher(route, context));
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        DoctorProbe probe = PluginCalls.call(name("doctorProbe()"), limit, () -> plugin.doctorProbe(context));
        return new DoctorProbe() {
            @Override
            public String liveProbePrompt() {
                return PluginCalls.call(name("liveProbePrompt()"), limit, probe::liveProbePrompt);
            }

            @Override
            public io.harnessrouter.api.ProbeReport check(Optional<String> command, Duration timeout) {
                // The probe honours its own timeout; the limit on top only catches one that does not.
                return PluginCalls.call(name("doctorProbe().check()"), timeout.plus(limit),
                        () -> probe.check(command, timeout));
            }
        };
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return PluginCalls.call(name("quotaHeaderParser()"), limit, plugin::quotaHeaderParser);
    }

    /** The plugin's own object, for tests and for messages that name its class. */
    Harness unwrap() {
        return plugin;
    }

    private String name(String method) {
        return "harness " + info.id() + " (" + info.source() + "): " + method;
    }
}
