package io.harnessrouter.api;

/**
 * Tokens one attempt used, as the CLI or API reported them.
 *
 * @param input  prompt tokens (including cached input where the provider counts it separately, the
 *               plugin decides and documents)
 * @param output completion tokens
 * @since 0.1.0
 */
public record TokenUsage(long input, long output) {

    public TokenUsage {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + input + ", " + output);
        }
    }

    /** Sum of two usages, for CLIs that report usage per turn. */
    public TokenUsage plus(TokenUsage other) {
        return other == null ? this : new TokenUsage(input + other.input, output + other.output);
    }
}
