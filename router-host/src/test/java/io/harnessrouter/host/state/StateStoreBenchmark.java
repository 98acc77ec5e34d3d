package io.harnessrouter.host.state;

import io.harnessrouter.api.QuotaObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rough per-call cost of the store, for the numbers quoted in reviews; not a test. Run it after
 * {@code mvn test-compile} with the test class path, e.g.
 * {@code java -cp router-host/target/test-classes:router-host/target/classes:<deps> io.harnessrouter.host.state.StateStoreBenchmark}.
 * Prints the first open in this JVM (native library included), a second open, and microseconds
 * per {@code recordAttempt}, per {@code breakers()+quotas()} with 10 routes, and per dispatch slot
 * taken and given back. Pass a directory to
 * reuse it: the second run then measures a returning user's start (cached library, existing file).
 */
public final class StateStoreBenchmark {

    private StateStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("state-bench");
        long t0 = System.nanoTime();
        SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"));
        long firstOpen = System.nanoTime() - t0;
        t0 = System.nanoTime();
        SqliteStateStore.open(dir.resolve("other.db")).close();
        long secondOpen = System.nanoTime() - t0;
        System.out.printf("open: first %.1f ms (native library included), second %.1f ms%n", firstOpen / 1e6, secondOpen / 1e6);
        for (int r = 0; r < 10; r++) {
            String route = "m" + r + "::route";
            store.updateBreaker(route, s -> StateFixtures.open(route, Instant.now(), Instant.now()));
            store.saveQuota(route, new QuotaObservation(OptionalLong.of(5), OptionalLong.of(10), OptionalLong.empty(),
                    Optional.of(Instant.now()), QuotaObservation.Kind.OK, "headers", Instant.now()));
        }
        for (int round = 0; round < 3; round++) {
            System.out.printf("round %d: recordAttempt %.1f us/op, breakers()+quotas() %.1f us/op,"
                            + " tryAcquireSlot+releaseSlot %.1f us/op%n", round,
                    perOp(5000, i -> store.recordAttempt(StateScenarioChild.attempt("m" + i % 10 + "::route", i))),
                    perOp(20000, i -> {
                        store.breakers();
                        store.quotas();
                    }),
                    perOp(5000, i -> store.releaseSlot(
                            ((SlotClaim.Granted) store.tryAcquireSlot("m" + i % 10 + "::route", 4)).lease())));
        }
        store.close();
    }

    private interface Op {
        void run(int i);
    }

    private static double perOp(int n, Op op) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run(i);
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }
}
