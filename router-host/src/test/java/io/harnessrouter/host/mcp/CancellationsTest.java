package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CancellationsTest {

    @Test
    void aCancellationInterruptsTheRegisteredThreadAndClosingClearsTheInterrupt() {
        Cancellations c = new Cancellations();
        try (Cancellations.Registration r = c.register("7")) {
            c.cancel("7");
            assertTrue(r.cancelled());
            assertTrue(Thread.currentThread().isInterrupted());
        }
        assertFalse(Thread.currentThread().isInterrupted(), "the pooled thread is clean again");
    }

    @Test
    void aCancellationThatArrivesBeforeTheCallRegistersStillCancelsIt() {
        Cancellations c = new Cancellations();
        c.cancel("8");
        try (Cancellations.Registration r = c.register("8")) {
            assertTrue(r.cancelled());
            assertTrue(Thread.currentThread().isInterrupted(), "the early cancellation interrupts the call's thread");
        }
        assertFalse(Thread.interrupted());
    }

    @Test
    void aCancellationAfterTheCallEndedDoesNothing() {
        Cancellations c = new Cancellations();
        try (Cancellations.Registration r = c.register("9")) {
            assertFalse(r.cancelled());
        }
        c.cancel("9");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void afterCancelAllEveryRunningAndEveryLaterCallIsCancelled() {
        Cancellations c = new Cancellations();
        try (Cancellations.Registration r = c.register("1")) {
            c.cancelAll();
            assertTrue(r.cancelled());
            assertTrue(Thread.currentThread().isInterrupted());
        }
        assertFalse(Thread.interrupted());
        try (Cancellations.Registration late = c.register("2")) {
            assertTrue(late.cancelled(), "a call that starts during shutdown never runs");
        }
        assertFalse(Thread.interrupted());
    }

    @Test
    void rememberedCancellationsAreBounded() {
        Cancellations c = new Cancellations();
        for (int i = 0; i < 1000; i++) {
            c.cancel("gone-" + i);
        }
        try (Cancellations.Registration r = c.register("gone-0")) {
            assertFalse(r.cancelled(), "the oldest remembered cancellations are forgotten");
        }
        try (Cancellations.Registration r = c.register("gone-999")) {
            assertTrue(r.cancelled());
        }
        assertFalse(Thread.interrupted());
    }
}
