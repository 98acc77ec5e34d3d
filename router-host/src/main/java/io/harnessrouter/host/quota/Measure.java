package io.harnessrouter.host.quota;

import java.util.Locale;

/** What a quota window counts. */
public enum Measure {
    /** Calls that reached the provider (a refused call — rate limited, not logged in — is not one). */
    REQUESTS("requests"),
    /** Input plus output tokens, as the dispatcher reported them. */
    TOKENS("tokens"),
    /** Money in US dollars: the dispatcher's reported cost, else tokens at the route's price. */
    USD("usd");

    private final String key;

    Measure(String key) {
        this.key = key;
    }

    /** The config key ({@code requests:}, {@code tokens:}, {@code usd:}). */
    public String key() {
        return key;
    }

    /** A used or limit figure as people read it: {@code 37}, {@code 1.2M}, {@code $4.20}. */
    public String format(double value) {
        if (this == USD) {
            return String.format(Locale.ROOT, "$%.2f", value);
        }
        if (value >= 1_000_000) {
            return trim(String.format(Locale.ROOT, "%.1fM", value / 1_000_000));
        }
        if (value >= 10_000) {
            return trim(String.format(Locale.ROOT, "%.1fk", value / 1_000));
        }
        return String.valueOf(Math.round(value));
    }

    private static String trim(String s) {
        return s.replace(".0M", "M").replace(".0k", "k");
    }
}
