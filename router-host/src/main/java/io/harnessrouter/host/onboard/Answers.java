package io.harnessrouter.host.onboard;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Reading the wizard's answers: comma- or space-separated lists of 1-based numbers or names. */
final class Answers {

    private Answers() {
    }

    /** Prints {@code items} numbered from 1, indented. */
    static void list(PrintWriter out, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            out.println("  " + (i + 1) + ") " + items.get(i));
        }
    }

    /** The items numbered in {@code answer} (1-based, comma separated), in that order; empty when one is not. */
    static Optional<List<String>> pick(String answer, List<String> items) {
        List<String> picked = new ArrayList<>();
        for (String token : split(answer)) {
            if (!token.matches("\\d+")) {
                return Optional.empty();
            }
            int n = Integer.parseInt(token);
            if (n < 1 || n > items.size()) {
                return Optional.empty();
            }
            picked.add(items.get(n - 1));
        }
        return picked.isEmpty() ? Optional.empty() : Optional.of(distinct(picked));
    }

    static List<String> split(String answer) {
        return Arrays.stream(answer.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> distinct(List<String> items) {
        return List.copyOf(new LinkedHashSet<>(items));
    }

    static String reversedExample(int n) {
        List<String> numbers = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            numbers.add(String.valueOf(i));
        }
        return String.join(",", numbers);
    }
}
