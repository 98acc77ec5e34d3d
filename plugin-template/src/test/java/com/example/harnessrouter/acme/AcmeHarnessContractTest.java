package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks every harness plugin must pass (inherited from the router-api test kit), plus this
 * harness's names.
 */
class AcmeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new AcmeHarness();
    }

    @Test
    void namesItselfAcmeCode() {
        Harness h = harness();
        assertEquals("acme_code", h.id());
        assertEquals(List.of("acme"), h.aliases());
        assertEquals("Acme Code CLI", h.displayName());
        assertEquals(Optional.of("acme"), h.defaultCommand());
    }
}
