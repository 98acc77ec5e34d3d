package io.harnessrouter.host.onboard;

/** Onboard cannot go on: the message says why and what to do; {@link #usage()} marks a bad flag (exit 2). */
public final class OnboardException extends RuntimeException {

    private final boolean usage;

    private OnboardException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** A flag or its value is wrong: exit 2. */
    public static OnboardException usage(String message) {
        return new OnboardException(message, true);
    }

    /** Nothing wrong with the command line, but onboard cannot finish: exit 1. */
    public static OnboardException failure(String message) {
        return new OnboardException(message, false);
    }

    public boolean usage() {
        return usage;
    }
}
