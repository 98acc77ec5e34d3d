package io.harnessrouter.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.support.FailureKinds;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an HTTP error response (status 300 and up) into a failure kind and a message the user can
 * act on. Messages start with {@code HTTP <status>: <provider message>} except for rate limits.
 * The caller redacts the API key from the message. Stateless and thread-safe.
 */
final class HttpErrors {

    private static final int MAX_BODY_CHARS = 200;
    private static final Pattern MODEL_NOT_FOUND = Pattern.compile(
            "(?is).*\\bmodels?\\b.*\\b(not found|does not exist|do not exist|not exist|no such|unknown|not available"
                    + "|not supported|not loaded)\\b.*|(?is).*\\b(unknown|invalid|unsupported) model\\b.*");

    /** What went wrong: the kind the router acts on and the message it shows. */
    record Failure(FailureKind kind, String message) {
    }

    private HttpErrors() {
    }

    /**
     * @param routeId the route, named in the message
     * @param model   the model id the request sent
     * @param status  the HTTP status, 300 or more
     * @param body    the response body (possibly cut short)
     */
    static Failure classify(String routeId, String model, int status, String body) {
        Optional<JsonNode> json = ChatJson.parse(body);
        String message = providerMessage(json, body);
        String http = "HTTP " + status + ": " + message;
        boolean insufficientQuota = json.map(j -> ChatJson.errorCodeIs(j, "insufficient_quota")).orElse(false);
        FailureKind kind = status == 429 && insufficientQuota ? FailureKind.QUOTA_EXHAUSTED
                : isModelRejection(status, json, message) ? FailureKind.MODEL_REJECTED
                : status == 404 ? FailureKind.OTHER
                : status >= 500 ? FailureKind.UNAVAILABLE
                : FailureKinds.fromHttpStatus(status, message);
        return switch (kind) {
            case RATE_LIMITED -> new Failure(kind, "Rate limited by " + routeId + ": " + message);
            case QUOTA_EXHAUSTED -> new Failure(kind, "Quota exhausted for " + routeId + ": " + message);
            case AUTH -> new Failure(kind, http + " — check the api_key of route " + routeId);
            case FORBIDDEN -> new Failure(kind, http + " — the api_key of route " + routeId
                    + " is not allowed this model or endpoint (its project, plan or organisation policy)");
            case MODEL_REJECTED -> new Failure(kind, http + " — route " + routeId + " sent model \"" + model
                    + "\"; check the model key or its cli_model_override");
            default -> status == 404 ? new Failure(FailureKind.OTHER, http + " — check the base_url of route "
                    + routeId + " (it usually ends in /v1)") : new Failure(kind, http);
        };
    }

    /** {@code error.message} from a JSON body, else the first 200 characters, else {@code (empty body)}. */
    static String providerMessage(Optional<JsonNode> json, String body) {
        Optional<String> fromJson = json.flatMap(ChatJson::errorMessage).filter(m -> !m.isBlank());
        if (fromJson.isPresent()) {
            return fromJson.get().strip();
        }
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            return "(empty body)";
        }
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text;
    }

    private static boolean isModelRejection(int status, Optional<JsonNode> json, String message) {
        if (status < 400 || status >= 500) {
            return false;
        }
        if (json.map(j -> ChatJson.errorCodeIs(j, "model_not_found")).orElse(false)) {
            return true;
        }
        return status == 404 && MODEL_NOT_FOUND.matcher(message).matches();
    }
}
