package io.harnessrouter.host.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a misspelt one was probably meant to be. Stateless. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The closest candidate when it is close enough to be a typo: a small edit distance (about one
     * edit per three characters) or a prefix of at least four characters ({@code cli_model} for
     * {@code cli_model_override}).
     */
    static Optional<String> closest(String key, Collection<String> candidates) {
        String lower = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            boolean prefix = lower.length() >= 4 && candidate.toLowerCase(Locale.ROOT).startsWith(lower);
            int allowed = Math.max(1, Math.min(3, key.length() / 3));
            if ((d <= allowed || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean `x`?)"} or the empty string. */
    static String didYouMean(String key, Collection<String> candidates) {
        return closest(key, candidates).map(s -> " (did you mean `" + s + "`?)").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
