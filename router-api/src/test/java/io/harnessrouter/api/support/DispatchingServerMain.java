package io.harnessrouter.api.support;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a server in the middle of a dispatch, run as a child JVM by
 * {@link NoChildOutlivesAKilledJvmTest}: runs the fake CLI given as the first argument with the
 * environment given as {@code NAME=value} arguments through a {@link DefaultProcessRunner}, prints
 * {@code started <pid>} on stdout when the runner reports the child, and then waits for the run,
 * which only ends when the test kills this JVM.
 */
public final class DispatchingServerMain {

    private DispatchingServerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ChildProcessListener announce = new ChildProcessListener() {
            @Override
            public void started(long pid, Instant startInstant, List<String> command) {
                System.out.println("started " + pid);
                System.out.flush();
            }

            @Override
            public void ended(long pid, Instant startInstant) {
            }
        };
        DefaultProcessRunner runner = new DefaultProcessRunner(null, announce);
        ProcessOutcome o = runner.run(ProcessSpec.builder(List.of(Path.of(args[0]).toString(), "-p",
                "--output-format", "json", "--", "hang")).env(env).timeout(Duration.ofMinutes(5)).build());
        System.out.println("ended " + o);
    }
}
