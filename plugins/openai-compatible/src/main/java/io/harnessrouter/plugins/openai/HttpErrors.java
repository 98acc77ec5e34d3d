package io.harnessrouter.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.FailureKind;
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
        if (status == 429) {
            if (json.map(j -> ChatJson.errorCodeIs(j, "insufficient_quota")).orElse(false)) {
                return new Failure(FailureKind.QUOTA_EXHAUSTED, "Quota exhausted for " + routeId + ": " + message);
            }
            return new Failure(FailureKind.RATE_LIMITED, "Rate limited by " + routeId + ": " + message);
        }
        if (status == 401 || status == 403) {
            return new Failure(FailureKind.AUTH, http + " — check the api_key of route " + routeId);
        }
        if (isModelRejection(status, json, message)) {
            return new Failure(FailureKind.MODEL_REJECTED, http + " — route " + routeId + " sent model \"" + model
                    + "\"; check the model key or its cli_model_override");
        }
        if (status == 404) {
            return new Failure(FailureKind.OTHER, http + " — check the base_url of route " + routeId
                    + " (it usually ends in /v1)");
        }
        if (status >= 500) {
            return new Failure(FailureKind.UNAVAILABLE, http);
        }
        return new Failure(FailureKind.OTHER, http);
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
