package io.harnessrouter.host.doctor.testplugin;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A harness whose answer streams in two text events with a pause between them: the first, then
 * nothing until the file named by {@value #GO_FILE_VAR} in the context's environment exists (at
 * most 10 s), then the second. A test that sees the first chunk on the {@code route} command's
 * stdout before it creates the file proves the answer is streamed, not printed at the end.
 */
public final class FakeStreamingHarness implements Harness {

    public static final String ID = "stream_test";
    public static final String GO_FILE_VAR = "STREAM_TEST_GO_FILE";
    public static final String FIRST = "first part of the answer\n";
    public static final String SECOND = "second part of the answer\n";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Streaming test harness";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.empty();
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        Path go = Path.of(context.environment().getOrDefault(GO_FILE_VAR, "/nonexistent/go"));
        return new Dispatcher() {
            @Override
            public RouteSpec route() {
                return route;
            }

            @Override
            public Availability availability() {
                return Availability.ok();
            }

            @Override
            public DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
                listener.onEvent(new DispatchEvent.Text(FIRST));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!Files.exists(go) && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return DispatchResult.failure(FailureKind.CANCELLED, "interrupted").build();
                    }
                }
                listener.onEvent(new DispatchEvent.Text(SECOND));
                return DispatchResult.success(FIRST + SECOND).build();
            }
        };
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return (command, timeout) -> new ProbeReport(ID, true, Optional.empty(), Optional.empty(),
                ProbeReport.AuthState.UNKNOWN, "in-process test harness", List.of());
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QuotaHeaderParser.NONE;
    }
}
