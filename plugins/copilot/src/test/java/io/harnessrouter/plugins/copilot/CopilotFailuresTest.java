package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.FailureKind;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CopilotFailuresTest {

    @Test
    void readsInsufficientQuotaUnderRateLimitAsQuotaExhausted() {
        assertEquals(FailureKind.QUOTA_EXHAUSTED, CopilotFailures.classify("rate_limit", 429,
                "retried 5 times Last error: 429 insufficient_quota"));
        assertEquals(FailureKind.RATE_LIMITED, CopilotFailures.classify("rate_limit", 0, "retried 5 times Last error: 429"));
    }

    @Test
    void readsA403OrPolicyWordingAsForbidden() {
        assertEquals(FailureKind.FORBIDDEN, CopilotFailures.classify("", 403, "Forbidden"));
        assertEquals(FailureKind.FORBIDDEN, CopilotFailures.classify("", 0,
                "Error: Copilot CLI is not enabled for your organization"));
        assertEquals(FailureKind.FORBIDDEN, CopilotFailures.classify("authorization", 0,
                "The model claude-opus-9 is disabled by your organization's policy"));
    }

    @Test
    void readsAuthenticationErrorsAsAuth() {
        assertEquals(FailureKind.AUTH, CopilotFailures.classify("authentication", 0, "Authentication failed"));
        assertEquals(FailureKind.AUTH, CopilotFailures.classify("", 401, "Unauthorized"));
    }

    @Test
    void readsAnUnavailableModelAsModelRejectedAndServerErrorsAsUnavailable() {
        assertEquals(FailureKind.MODEL_REJECTED, CopilotFailures.classify("", 0, "Model \"gpt-9\" is not available"));
        assertEquals(FailureKind.MODEL_REJECTED, CopilotFailures.classify("", 404, "The model `gpt-9` does not exist"));
        assertEquals(FailureKind.UNAVAILABLE, CopilotFailures.classify("", 503, "Service Unavailable"));
        assertEquals(FailureKind.OTHER, CopilotFailures.classify("", 0, "Failed to fetch PAT user login: network fetch failed"));
    }

    @Test
    void namesASessionErrorWithoutAMessageByItsType() {
        CopilotFailures.Failure f = CopilotFailures.ofSessionError(
                new CopilotEvents.SessionError("rate_limit", "", OptionalInt.of(429)));
        assertEquals(new CopilotFailures.Failure(FailureKind.RATE_LIMITED, "copilot reported a rate_limit error",
                Optional.empty()), f);
    }

    @Test
    void readsTheErrorLineOfStderrAndNamesAnEmptyOne() {
        assertEquals(new CopilotFailures.Failure(FailureKind.AUTH, "Error: No authentication information found.",
                Optional.of(CopilotFailures.LOGIN_STEP)), CopilotFailures.ofStderr(
                        "Loading...\nError: No authentication information found.\n", 1));
        assertEquals(new CopilotFailures.Failure(FailureKind.OTHER, "copilot exited with code 7 and reported no error",
                Optional.empty()), CopilotFailures.ofStderr("\n", 7));
    }
}
