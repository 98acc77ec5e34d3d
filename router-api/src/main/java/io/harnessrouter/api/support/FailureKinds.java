package io.harnessrouter.api.support;

import io.harnessrouter.api.FailureKind;
import java.util.regex.Pattern;

/**
 * The failure kind an HTTP status says, written once for every plugin: HTTP harnesses have the
 * response status, CLIs often report the status of the API call that failed (claude's
 * {@code api_error_status}, opencode's {@code statusCode}, gemini's exit code).
 *
 * <p>Thread-safety: stateless.
 *
 * @since 0.1.0
 */
public final class FailureKinds {

    private static final Pattern NAMES_A_MODEL = Pattern.compile("(?i)\\bmodels?\\b");

    private FailureKinds() {
    }

    /**
     * The kind for an HTTP status, with the error text deciding where the status alone cannot:
     * <ul>
     *   <li>429: {@link FailureKind#RATE_LIMITED}, or {@link FailureKind#QUOTA_EXHAUSTED} when the
     *       text says the quota or credit is used up ({@link RateLimitText#classify});</li>
     *   <li>402 (payment required, as OpenRouter answers when credits run out):
     *       {@link FailureKind#QUOTA_EXHAUSTED};</li>
     *   <li>401: {@link FailureKind#AUTH};</li>
     *   <li>403: {@link FailureKind#FORBIDDEN} (authenticated, but the plan or an organisation
     *       policy refuses the model or tool);</li>
     *   <li>404: {@link FailureKind#MODEL_REJECTED} when the text names a model, else as the
     *       text says;</li>
     *   <li>500 to 599 (529 is Anthropic's "overloaded"): {@link FailureKind#UNAVAILABLE};</li>
     *   <li>any other status, or none ({@code status <= 0}): {@link RateLimitText#classify} of
     *       the text.</li>
     * </ul>
     * Never returns {@link FailureKind#NONE}.
     *
     * @param status the HTTP status, or 0 or less when there was none
     * @param text   the error text (the provider's message, the CLI's error line); may be null
     * @since 0.1.0
     */
    public static FailureKind fromHttpStatus(int status, String text) {
        FailureKind fromText = RateLimitText.classify(text);
        if (status == 429) {
            return fromText == FailureKind.QUOTA_EXHAUSTED ? fromText : FailureKind.RATE_LIMITED;
        }
        if (status == 402) {
            return FailureKind.QUOTA_EXHAUSTED;
        }
        if (status == 401) {
            return FailureKind.AUTH;
        }
        if (status == 403) {
            return FailureKind.FORBIDDEN;
        }
        if (status == 404 && text != null && NAMES_A_MODEL.matcher(text).find()) {
            return FailureKind.MODEL_REJECTED;
        }
        if (status >= 500 && status <= 599) {
            return FailureKind.UNAVAILABLE;
        }
        return fromText;
    }
}
