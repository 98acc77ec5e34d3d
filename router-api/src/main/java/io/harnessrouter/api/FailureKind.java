package io.harnessrouter.api;

/**
 * Why an attempt failed, in the terms the router acts on.
 *
 * <p><b>Open to growth.</b> A minor release may add constants (a host never relies on their
 * ordinals). Code that switches over this enum, in a host or a plugin, gives the switch a default
 * branch that treats a kind it does not know like {@link #OTHER}; a wire name it does not know
 * reads as {@code OTHER} through {@link #fromWireName(String)}. A plugin that returns a kind added
 * after the version it declares in {@code Plugin-Requires} needs a host of that version, so it
 * raises its {@code Plugin-Requires} when it starts using one.
 *
 * <table>
 *   <caption>What the router does</caption>
 *   <tr><th>kind</th><th>breaker</th><th>user hint</th></tr>
 *   <tr><td>RATE_LIMITED</td><td>opens at once for retry-after (else the configured default)</td><td>wait until the reset time</td></tr>
 *   <tr><td>QUOTA_EXHAUSTED</td><td>opens at once until the reset time (else the default)</td><td>top up or wait for the plan window</td></tr>
 *   <tr><td>AUTH</td><td>counts as a failure</td><td>log in (the probe's hint)</td></tr>
 *   <tr><td>FORBIDDEN</td><td>counts as a failure</td><td>ask for access to the model or tool (the plugin's next step)</td></tr>
 *   <tr><td>NOT_INSTALLED</td><td>not counted (the route is unavailable, not broken)</td><td>install the CLI</td></tr>
 *   <tr><td>others</td><td>count as failures; N in a row open it</td><td>see the error (or the plugin's next step, {@link DispatchResult#nextStep()})</td></tr>
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
    /**
     * Logged in, but an organisation policy or the plan does not allow this model or tool
     * (Copilot's policy denial, HTTP 403). Logging in again does not help; the user needs access.
     *
     * @since 0.1.0
     */
    FORBIDDEN,
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

    /**
     * The kind with this {@link #wireName()} (any case); {@link #OTHER} for a name this version
     * does not know, such as a kind a newer process wrote to the shared state, or for {@code null}.
     *
     * @since 0.1.0
     */
    public static FailureKind fromWireName(String name) {
        if (name == null) {
            return OTHER;
        }
        for (FailureKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(name.strip())) {
                return kind;
            }
        }
        return OTHER;
    }
}
