package io.harnessrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DispatchResultTest {

    @Test
    void aFailureCarriesThePluginsNextStep() {
        DispatchResult r = DispatchResult.failure(FailureKind.FORBIDDEN, "denied by policy")
                .nextStep("  ask your Copilot admin to enable gpt-5 ").build();

        assertEquals(Optional.of("ask your Copilot admin to enable gpt-5"), r.nextStep());
        assertEquals(r, r.toBuilder().build());
    }

    @Test
    void successAndFailureCarryTheClisSessionId() {
        DispatchResult ok = DispatchResult.success("done").sessionId("4b1d0c1e").build();
        DispatchResult failed = DispatchResult.failure(FailureKind.RATE_LIMITED, "429").sessionId("thr_1").build();

        assertEquals(Optional.of("4b1d0c1e"), ok.sessionId());
        assertEquals(Optional.of("thr_1"), failed.sessionId());
        assertEquals(ok, ok.toBuilder().build());
        assertEquals(Optional.empty(), DispatchResult.success("done").sessionId(" ").build().sessionId());
    }

    @Test
    void aBlankNextStepIsNone() {
        assertEquals(Optional.empty(), DispatchResult.failure(FailureKind.AUTH, "x").nextStep(" ").build().nextStep());
        assertEquals(Optional.empty(), DispatchResult.failure(FailureKind.AUTH, "x").build().nextStep());
    }

    @Test
    void aSuccessHasNoNextStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DispatchResult.success("ok").nextStep("nothing to do").build());
        assertEquals("a successful result has no next step, not 'nothing to do'", e.getMessage());
    }

    @Test
    void theFirstDraftsConstructorStillBuildsAResultWithoutTheNewComponents() {
        DispatchResult r = new DispatchResult(false, "", "boom", FailureKind.OTHER, Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), OptionalInt.of(1), Duration.ofSeconds(1));

        assertEquals(DispatchResult.failure(FailureKind.OTHER, "boom").exitCode(1).duration(Duration.ofSeconds(1))
                .build(), r);
    }
}
