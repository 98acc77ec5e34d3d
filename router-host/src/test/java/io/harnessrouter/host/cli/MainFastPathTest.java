package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which command lines take the stdio server's fast path (no command tree built). */
class MainFastPathTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'' | true",
        "--config c.yaml | true",
        "--config=c.yaml --state-db s.db --plugins-dir p | true",
        "--config | false",
        "doctor | false",
        "--config c.yaml doctor | false",
        "--help | false",
        "-V | false",
        "--bogus | false",
        "c.yaml | false",
    })
    void onlyTheServersOwnOptionsTakeTheFastPath(String line, boolean fast) {
        String[] args = line.isBlank() ? new String[0] : line.trim().split(" ");
        assertEquals(fast, Main.serverOnly(args));
    }
}
