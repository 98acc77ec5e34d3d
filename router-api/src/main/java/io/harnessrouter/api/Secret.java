package io.harnessrouter.api;

import java.util.Objects;

/**
 * A value that must never be printed: API keys and tokens. {@link #toString()} returns a fixed
 * mask so a secret that slips into a log line, an error message or status output shows nothing.
 * Call {@link #reveal()} only at the point where the value is sent (a request header, a child's
 * environment).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Secret {
    private static final String MASK = "******";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret value; an empty string is a valid (empty) secret. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear value. Send it; never log it. */
    public String reveal() {
        return value;
    }

    /** True when the secret is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Removes every occurrence of this secret from {@code text}, for error messages that may echo a
     * request back (a provider quoting the key it refused).
     */
    public String redact(String text) {
        if (text == null || value.length() < 4) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
