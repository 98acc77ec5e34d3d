package io.harnessrouter.host.onboard;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.host.doctor.DoctorSession;
import io.harnessrouter.host.doctor.HarnessCheck;
import io.harnessrouter.host.doctor.HarnessChecker;
import io.harnessrouter.host.plugins.HarnessInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What onboard found for one CLI harness, from the same {@link HarnessChecker} doctor runs (so the
 * same binaries, timeouts and login checks).
 *
 * @param id          the harness id written as {@code harness:}
 * @param displayName what it is called
 * @param installed   the binary was found and answered
 * @param auth        logged in, not, or unknown until a route answers
 * @param version     the version it printed
 * @param nextSteps   what to do before it can be used (install, log in)
 */
public record DetectedHarness(String id, String displayName, boolean installed, AuthState auth,
        Optional<String> version, List<String> nextSteps) {

    public DetectedHarness {
        version = version == null ? Optional.empty() : version;
        nextSteps = List.copyOf(nextSteps);
    }

    /**
     * Checks every harness of {@code session} that runs a CLI (HTTP harnesses have nothing to
     * detect), in parallel, in registry order.
     */
    public static List<DetectedHarness> detect(DoctorSession session) {
        List<HarnessInfo> clis = session.registry().harnesses().stream()
                .filter(info -> session.registry().find(info.id()).flatMap(h -> h.defaultCommand()).isPresent())
                .toList();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "onboard-detect");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HarnessCheck>> checks = new ArrayList<>();
            for (HarnessInfo info : clis) {
                HarnessChecker checker = new HarnessChecker(session, pool);
                checks.add(pool.submit(() -> checker.check(info)));
            }
            List<DetectedHarness> found = new ArrayList<>();
            for (int i = 0; i < clis.size(); i++) {
                found.add(of(clis.get(i), result(checks.get(i))));
            }
            return found;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<HarnessCheck> result(Future<HarnessCheck> check) {
        try {
            return Optional.of(check.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private static DetectedHarness of(HarnessInfo info, Optional<HarnessCheck> check) {
        Optional<ProbeReport> report = check.flatMap(c -> c.commands().stream().findFirst()).flatMap(c -> c.report());
        if (report.isEmpty()) {
            String why = check.flatMap(c -> c.commands().stream().findFirst()).flatMap(c -> c.failure())
                    .orElse("the check did not run");
            return new DetectedHarness(info.id(), info.displayName(), false, AuthState.UNKNOWN, Optional.empty(),
                    List.of("run `harness-router doctor --harness " + info.id() + "` (" + why + ")"));
        }
        ProbeReport r = report.get();
        return new DetectedHarness(info.id(), info.displayName(), r.installed(), r.auth(), r.version(), r.nextSteps());
    }

    /** {@code ✓ claude_code  Claude Code CLI  2.1.3, logged in} or {@code ✗ codex  ...  → install it: ...}. */
    public String line() {
        String state = installed ? version.map(v -> v + ", ").orElse("") + switch (auth) {
            case AUTHENTICATED -> "logged in";
            case NOT_AUTHENTICATED -> "not logged in";
            case UNKNOWN -> "login unknown until a route answers";
        } : "not installed";
        String next = nextSteps.isEmpty() ? "" : "  → " + String.join("; ", nextSteps);
        return (installed ? "✓ " : "✗ ") + id + "  " + displayName + "  " + state + next;
    }
}
