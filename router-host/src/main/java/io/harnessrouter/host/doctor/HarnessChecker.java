package io.harnessrouter.host.doctor;

import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.doctor.HarnessCheck.CommandCheck;
import io.harnessrouter.host.plugins.HarnessInfo;
import io.harnessrouter.host.plugins.HarnessRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each harness's {@link DoctorProbe} on the binaries the config uses. A probe that throws or
 * overruns its time (plus a few seconds of grace) is a failed check, never a crashed doctor. Not
 * thread-safe; one checker serves one report.
 */
public final class HarnessChecker {

    /** Extra time a probe gets past its timeout before it is abandoned. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final DoctorSession session;
    private final ExecutorService pool;

    public HarnessChecker(DoctorSession session, ExecutorService pool) {
        this.session = session;
        this.pool = pool;
    }

    public HarnessCheck check(HarnessInfo info) {
        Harness harness = session.registry().find(info.id()).orElseThrow();
        List<Optional<String>> commands = commandsFor(harness, session.config(), session.registry());
        DoctorProbe probe;
        try {
            probe = harness.doctorProbe(session.context());
        } catch (RuntimeException | LinkageError e) {
            String why = "the " + info.id() + " plugin could not create its check: " + e;
            return new HarnessCheck(info, commands.stream().map(c -> CommandCheck.failed(c, why)).toList());
        }
        List<CommandCheck> checks = new ArrayList<>();
        for (Optional<String> command : commands) {
            checks.add(checkOne(info.id(), probe, command));
        }
        return new HarnessCheck(info, checks);
    }

    /**
     * The binaries to check for {@code harness}: the distinct {@code command}s of the config's
     * enabled routes of that harness (the harness default for a route without one), else the
     * harness default; a single empty entry for a harness that runs no binary.
     */
    static List<Optional<String>> commandsFor(Harness harness, Optional<Config> config, HarnessRegistry registry) {
        Set<Optional<String>> commands = new LinkedHashSet<>();
        for (RouteConfig route : config.map(Config::routes).orElse(List.of())) {
            boolean ours = registry.find(route.harness()).map(h -> h.id().equals(harness.id())).orElse(false);
            if (ours && route.enabled()) {
                commands.add(route.command().filter(c -> !c.isBlank()).or(harness::defaultCommand));
            }
        }
        if (commands.isEmpty()) {
            commands.add(harness.defaultCommand());
        }
        return List.copyOf(commands);
    }

    private CommandCheck checkOne(String harnessId, DoctorProbe probe, Optional<String> command) {
        Duration timeout = session.options().checkTimeout();
        Future<ProbeReport> future = pool.submit(() -> probe.check(command, timeout));
        try {
            ProbeReport report = future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            return report == null ? CommandCheck.failed(command, "the " + harnessId + " check returned nothing")
                    : CommandCheck.of(command, report);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CommandCheck.failed(command, "the " + harnessId + " check did not finish within "
                    + timeout.plus(GRACE).toSeconds() + " s");
        } catch (ExecutionException e) {
            return CommandCheck.failed(command, "the " + harnessId + " check failed: " + e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return CommandCheck.failed(command, "interrupted");
        }
    }
}
