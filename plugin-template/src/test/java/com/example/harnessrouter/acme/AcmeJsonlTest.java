package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.TokenUsage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcmeJsonlTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Checking for updates...", "{not json", "[1,2]", "{\"type\":\"progress\",\"pct\":50}",
        "{\"type\":\"text\",\"text\":42}", "{\"text\":\"no type\"}"})
    void skipsLinesThatAreNotAcmeEvents(String line) {
        assertEquals(Optional.empty(), AcmeJsonl.parseLine(line));
    }

    @Test
    void readsAnErrorEventWithItsCodeMessageAndResetTime() {
        assertEquals(Optional.of(new AcmeEvent.Error(429, "slow down", Optional.of(Instant.parse("2026-02-01T00:00:00Z")))),
                AcmeJsonl.parseLine("{\"type\":\"error\",\"code\":429,\"message\":\"slow down\",\"reset_at\":\"2026-02-01T00:00:00Z\"}"));
    }

    @Test
    void ignoresAResetTimeThatIsNotAnInstant() {
        assertEquals(Optional.of(new AcmeEvent.Error(429, "slow down", Optional.empty())),
                AcmeJsonl.parseLine("{\"type\":\"error\",\"code\":429,\"message\":\"slow down\",\"reset_at\":\"tomorrow\"}"));
    }

    @Test
    void readsUsageOnlyWhenBothCountsAreNonNegativeIntegers() {
        assertEquals(Optional.of(new AcmeEvent.Done(Optional.of(new TokenUsage(7, 2)))),
                AcmeJsonl.parseLine("{\"type\":\"done\",\"usage\":{\"in\":7,\"out\":2}}"));
        assertEquals(Optional.of(new AcmeEvent.Done(Optional.empty())),
                AcmeJsonl.parseLine("{\"type\":\"done\",\"usage\":{\"in\":7,\"out\":-1}}"));
        assertEquals(Optional.of(new AcmeEvent.Done(Optional.empty())), AcmeJsonl.parseLine("{\"type\":\"done\"}"));
    }

    @Test
    void joinsTheTextChunksOfATranscriptAndKeepsTheFirstError() {
        AcmeJsonl.Transcript t = AcmeJsonl.read("""
                Checking for updates...
                {"type":"text","text":"Hello, "}
                {"type":"tool","name":"ls","input":{}}
                {"type":"text","text":"world"}
                {"type":"error","code":500,"message":"first"}
                {"type":"error","code":429,"message":"second"}
                """);

        assertEquals("Hello, world", t.answer());
        assertEquals(Optional.of(new AcmeEvent.Error(500, "first", Optional.empty())), t.error());
        assertEquals(Optional.empty(), t.done());
    }
}
