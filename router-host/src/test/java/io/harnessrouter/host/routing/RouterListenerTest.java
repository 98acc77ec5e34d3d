package io.harnessrouter.host.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterListenerTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    /** Records every callback as one line. */
    static final class Recorder implements RouteListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAttemptStart(RouteDecision decision) {
            seen.add("start " + decision.routeId());
        }

        @Override
        public void onEvent(String routeId, DispatchEvent event) {
            seen.add("event " + routeId + " " + event.type());
        }

        @Override
        public void onAttemptEnd(Attempt attempt) {
            seen.add("end " + attempt.routeId() + " " + attempt.status().wireName());
        }
    }

    @Test
    void everyAttemptStartEventAndEndReachesTheListenerInOrder() {
        f.subscription("opus", "claude_code").streaming(new DispatchEvent.Text("partial"),
                new DispatchEvent.Stderr("warn")).always(DispatchResult.failure(FailureKind.OTHER, "exit 1").build());
        f.subscription("opus", "codex").streaming(new DispatchEvent.ToolUse("shell", "{}"));
        f.priority("opus");
        Recorder recorder = new Recorder();

        f.router().route(RouteRequest.of("r1", "task"), recorder);

        assertEquals(List.of(
                "start opus::claude_code", "event opus::claude_code text", "event opus::claude_code stderr",
                "end opus::claude_code failed",
                "start opus::codex", "event opus::codex tool_use", "end opus::codex succeeded"), recorder.seen);
    }

    @Test
    void aThrowingListenerDoesNotBreakRouting() {
        f.subscription("opus", "claude_code").streaming(new DispatchEvent.Text("partial"))
                .always(DispatchResult.failure(FailureKind.OTHER, "exit 1").build());
        f.subscription("opus", "codex");
        f.priority("opus");
        RouteListener broken = new RouteListener() {
            @Override
            public void onAttemptStart(RouteDecision decision) {
                throw new IllegalStateException("client went away");
            }

            @Override
            public void onEvent(String routeId, DispatchEvent event) {
                throw new IllegalStateException("client went away");
            }

            @Override
            public void onAttemptEnd(Attempt attempt) {
                throw new IllegalStateException("client went away");
            }
        };

        RouteOutcome outcome = f.router().route(RouteRequest.of("r1", "task"), broken);

        assertTrue(outcome.success());
        assertEquals(2, outcome.attempts().size());
    }
}
