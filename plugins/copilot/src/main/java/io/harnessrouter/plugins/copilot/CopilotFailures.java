package io.harnessrouter.plugins.copilot;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.support.FailureKinds;
import io.harnessrouter.api.support.RateLimitText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The failure kind and next step of a failed copilot run, from its {@code session.error} event
 * ({@code errorType}, {@code message}, {@code statusCode}) or, when it printed none (argument,
 * auth and start-up errors), from its stderr {@code Error:} line. Checked in this order:
 * <ol>
 *   <li>{@code errorType: rate_limit} or status 429: {@link FailureKind#QUOTA_EXHAUSTED} when the
 *       text says the quota is used up ({@code insufficient_quota}, {@code exceeded your current
 *       quota}, {@link RateLimitText#classify}'s quota phrases), else
 *       {@link FailureKind#RATE_LIMITED};</li>
 *   <li>status 403, or the wording of a policy denial ({@code policy}, {@code not enabled},
 *       {@code access denied}): {@link FailureKind#FORBIDDEN} with the policy text. No real
 *       denial was recorded, so this wording is an assumption;</li>
 *   <li>{@code errorType: authentication}, status 401, the refusal of a classic {@code ghp_}
 *       token: {@link FailureKind#AUTH} ({@code No authentication information found} reaches
 *       it through {@link FailureKinds#fromHttpStatus}'s text check);</li>
 *   <li>a sentence saying the model is not available, not found or unknown:
 *       {@link FailureKind#MODEL_REJECTED} (wording not recorded either);</li>
 *   <li>anything else through {@link FailureKinds#fromHttpStatus}.</li>
 * </ol>
 * Stateless.
 */
final class CopilotFailures {

    /** What the user should do when copilot has no usable GitHub login. */
    static final String LOGIN_STEP = "set COPILOT_GITHUB_TOKEN (or GH_TOKEN) in the route's env to a fine-grained"
            + " personal access token or OAuth token, or run `copilot` and `/login`";
    /** What the user should do with a classic personal access token. */
    static final String PAT_STEP = "use a fine-grained token or `copilot /login`: Copilot refuses classic ghp_ tokens";
    /** What the user should do when a BYOK provider refused the key. */
    static final String PROVIDER_KEY_STEP = "check COPILOT_PROVIDER_API_KEY and COPILOT_PROVIDER_BASE_URL in the"
            + " route's env";
    /** What the user should do when a policy denies the model or tool. */
    static final String FORBIDDEN_STEP = "ask your organisation's Copilot admin to enable this model or tool in the"
            + " Copilot policy settings, or give the route a model the policy allows";
    /** What the user should do when copilot does not know the model. */
    static final String MODEL_STEP = "give the route a model copilot offers (its /model list), or auto";
    /** What the user should do about copilot's misleading argument error. */
    static final String COMMAND_FORMAT_STEP = "copilot says this for any option it does not know, not only for an"
            + " unquoted prompt: check that the route's command is copilot 1.0 or newer";

    /** One classified failure. */
    record Failure(FailureKind kind, String message, Optional<String> nextStep) {
    }

    private static final Pattern POLICY = Pattern.compile("(?i)\\bpolic(?:y|ies)\\b|\\bnot enabled\\b|\\baccess denied\\b");
    private static final Pattern MODEL_UNKNOWN = Pattern.compile(
            "(?i)\\bmodel\\b[^.\\n]{0,80}?\\b(?:is not available|not found|not supported|does not exist|is unknown"
                    + "|is not a valid)|\\b(?:unknown|invalid|unsupported) model\\b");
    private static final String CLASSIC_PAT = "classic personal access tokens";
    private static final String COMMAND_FORMAT = "Invalid command format";
    private static final int EXCERPT = 300;

    private CopilotFailures() {
    }

    static Failure ofSessionError(CopilotEvents.SessionError e) {
        String message = e.message().isBlank() ? "copilot reported a " + e.errorType() + " error" : e.message().strip();
        return failure(classify(e.errorType(), e.statusCode().orElse(0), message), message);
    }

    /** A failure copilot reported only on stderr (its {@code Error:} / {@code error:} lines). */
    static Failure ofStderr(String stderr, int exitCode) {
        List<String> errors = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : stderr.strip().split("\\R")) {
            String l = line.strip();
            if (l.startsWith("Error:") || l.startsWith("error:")) {
                errors.add(l);
            } else if (!l.isEmpty()) {
                rest.add(l);
            }
        }
        String said = String.join("\n", errors.isEmpty() ? rest : errors);
        if (said.isEmpty()) {
            return new Failure(FailureKind.OTHER, "copilot exited with code " + exitCode + " and reported no error",
                    Optional.empty());
        }
        String message = said.length() <= EXCERPT ? said : said.substring(0, EXCERPT).strip() + "…";
        if (message.contains(COMMAND_FORMAT)) {
            return new Failure(FailureKind.OTHER, message, Optional.of(COMMAND_FORMAT_STEP));
        }
        return failure(classify("", 0, message), message);
    }

    static FailureKind classify(String errorType, int status, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if ("rate_limit".equals(errorType) || status == 429) {
            return RateLimitText.classify(message) == FailureKind.QUOTA_EXHAUSTED
                    || lower.contains("exceeded your current quota") ? FailureKind.QUOTA_EXHAUSTED : FailureKind.RATE_LIMITED;
        }
        if (status == 403 || POLICY.matcher(message).find()) {
            return FailureKind.FORBIDDEN;
        }
        if ("authentication".equals(errorType) || status == 401 || lower.contains(CLASSIC_PAT)) {
            return FailureKind.AUTH;
        }
        if (MODEL_UNKNOWN.matcher(message).find()) {
            return FailureKind.MODEL_REJECTED;
        }
        return FailureKinds.fromHttpStatus(status, message);
    }

    private static Failure failure(FailureKind kind, String message) {
        return new Failure(kind, message, Optional.ofNullable(switch (kind) {
            case AUTH -> authStep(message);
            case FORBIDDEN -> FORBIDDEN_STEP;
            case MODEL_REJECTED -> MODEL_STEP;
            default -> null;
        }));
    }

    private static String authStep(String message) {
        if (message.toLowerCase(Locale.ROOT).contains(CLASSIC_PAT)) {
            return PAT_STEP;
        }
        return message.contains("COPILOT_PROVIDER") ? PROVIDER_KEY_STEP : LOGIN_STEP;
    }
}
