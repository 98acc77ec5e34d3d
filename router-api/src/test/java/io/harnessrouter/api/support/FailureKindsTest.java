package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.FailureKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureKindsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "429|Too many requests|RATE_LIMITED",
        "429|You exceeded your current quota: insufficient_quota|QUOTA_EXHAUSTED",
        "402|Insufficient credits|QUOTA_EXHAUSTED",
        "401|invalid x-api-key|AUTH",
        "403|Model gpt-5 is disabled by your organization's policy|FORBIDDEN",
        "404|Unknown model 'acme-sonnet-2'|MODEL_REJECTED",
        "404|Not Found|OTHER",
        "500|Internal error|UNAVAILABLE",
        "529|Overloaded|UNAVAILABLE",
        "503|''|UNAVAILABLE",
        "400|Credit balance is too low|QUOTA_EXHAUSTED",
        "400|context length exceeded|OTHER",
        "0|Not logged in · Please run /login|AUTH",
        "0|rate limit reached|RATE_LIMITED",
        "-1|''|OTHER",
    })
    void mapsTheStatusAndFallsBackToTheText(int status, String text, FailureKind expected) {
        assertEquals(expected, FailureKinds.fromHttpStatus(status, text));
    }

    @ParameterizedTest
    @CsvSource({"429,RATE_LIMITED", "401,AUTH", "404,OTHER", "0,OTHER"})
    void acceptsANullText(int status, FailureKind expected) {
        assertEquals(expected, FailureKinds.fromHttpStatus(status, null));
    }
}
