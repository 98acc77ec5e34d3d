package io.harnessrouter.api;

/**
 * Why an attempt failed, in the terms the router acts on.
 *
 * <table>
 *   <caption>What the router does</caption>
 *   <tr><th>kind</th><th>breaker</th><th>user hint</th></tr>
 *   <tr><td>RATE_LIMITED</td><td>opens at once for retry-after (else the configured default)</td><td>wait until the reset time</td></tr>
 *   <tr><td>QUOTA_EXHAUSTED</td><td>opens at once until the reset time (else the default)</td><td>top up or wait for the plan window</td></tr>
 *   <tr><td>AUTH</td><td>counts as a failure</td><td>log in (the probe's hint)</td></tr>
 *   <tr><td>NOT_INSTALLED</td><td>not counted (the route is unavailable, not broken)</td><td>install the CLI</td></tr>
 *   <tr><td>others</td><td>count as failures; N in a row open it</td><td>see the error</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public enum FailureKind {
    /** Not a failure. */
    NONE,
    /** Too many requests right now (HTTP 429, {@code rate_limit_error}); retry after a short wait. */
    RATE_LIMITED,
    /** The plan's or account's quota or credit is used up; retry after the window resets. */
    QUOTA_EXHAUSTED,
    /** Not logged in, bad or expired key. */
    AUTH,
    /** The binary is missing or cannot be executed. */
    NOT_INSTALLED,
    /** The attempt ran past its deadline and was killed. */
    TIMEOUT,
    /** The CLI or API refused the model id. */
    MODEL_REJECTED,
    /** The provider is overloaded or had a server error (HTTP 5xx, 529). */
    UNAVAILABLE,
    /** The attempt was cancelled (client cancel, shutdown). */
    CANCELLED,
    /** Anything else: non-zero exit, unparsable output, a network error. */
    OTHER;

    /** True for the kinds that mean "this route has no capacity now" and open the breaker at once. */
    public boolean isCapacity() {
        return this == RATE_LIMITED || this == QUOTA_EXHAUSTED;
    }

    /** The lower-case name used in JSON output. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
