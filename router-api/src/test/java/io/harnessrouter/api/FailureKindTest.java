package io.harnessrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void everyKindReadsBackFromItsWireName() {
        for (FailureKind kind : FailureKind.values()) {
            assertEquals(kind, FailureKind.fromWireName(kind.wireName()), kind.name());
        }
        assertEquals(FailureKind.FORBIDDEN, FailureKind.fromWireName(" Forbidden "));
    }

    @Test
    void aWireNameThisVersionDoesNotKnowReadsAsOther() {
        assertEquals(FailureKind.OTHER, FailureKind.fromWireName("policy_blocked_in_a_later_release"));
        assertEquals(FailureKind.OTHER, FailureKind.fromWireName(""));
        assertEquals(FailureKind.OTHER, FailureKind.fromWireName(null));
    }

    @Test
    void forbiddenIsNotACapacityFailure() {
        assertEquals("forbidden", FailureKind.FORBIDDEN.wireName());
        assertFalse(FailureKind.FORBIDDEN.isCapacity());
    }
}
