package io.harnessrouter.host.quota;

/**
 * What a metered route charges, in US dollars per million tokens ({@code price:} on the route).
 *
 * @param inputPerMtok  {@code input_per_mtok}: dollars per million input tokens, not below 0
 * @param outputPerMtok {@code output_per_mtok}: dollars per million output tokens, not below 0
 */
public record Price(double inputPerMtok, double outputPerMtok) {

    public Price {
        if (!(inputPerMtok >= 0) || !(outputPerMtok >= 0) || Double.isInfinite(inputPerMtok)
                || Double.isInfinite(outputPerMtok)) {
            throw new IllegalArgumentException("prices must be finite numbers not below 0");
        }
    }

    /** What {@code input} and {@code output} tokens cost at this price. */
    public double cost(long input, long output) {
        return (input * inputPerMtok + output * outputPerMtok) / 1_000_000;
    }
}
