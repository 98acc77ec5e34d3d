package io.harnessrouter.dist.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.dist.conformance.ModelApiMock.Behaviour;
import io.harnessrouter.dist.conformance.ModelApiMock.WireError;
import java.util.Map;

/**
 * Gemini API answers as documented (ai.google.dev API reference and "Troubleshooting", Google's
 * {@code google.rpc} error model): {@code {"error":{"code","message","status","details"}}}. A rate
 * limit is 429 {@code RESOURCE_EXHAUSTED} "Resource has been exhausted (e.g. check quota)." with a
 * per-minute {@code QuotaFailure} and a {@code RetryInfo}; a spent daily quota is 429 with a
 * {@code ...PerDay...} quota id and no {@code RetryInfo}; a bad key is
 * Google's 400 {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID} (the Gemini API does
 * not answer 401 for a wrong key).
 */
final class GeminiWire {

    private GeminiWire() {
    }

    static ObjectNode response(String path, String text) {
        int start = path.indexOf("/models/") + 8;
        String model = path.substring(start, path.indexOf(':', start));
        ObjectNode r = ModelApiMock.json().createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate.put("finishReason", "STOP").put("index", 0);
        r.putObject("usageMetadata").put("promptTokenCount", 12).put("candidatesTokenCount", 7)
                .put("totalTokenCount", 19);
        r.put("modelVersion", model).put("responseId", "mock-conformance");
        return r;
    }

    static String sse(ObjectNode response) {
        return "data: " + response + "\r\n\r\n";
    }

    static WireError error(Behaviour behaviour) {
        return switch (behaviour) {
            case RATE_LIMITED -> quota("GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                    "generativelanguage.googleapis.com/generate_content_free_tier_requests", "10", true);
            case QUOTA_EXHAUSTED -> quota("GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                    "generativelanguage.googleapis.com/generate_content_free_tier_requests", "250", false);
            case AUTH_FAILED -> {
                ObjectNode root = ModelApiMock.json().createObjectNode();
                ObjectNode error = root.putObject("error").put("code", 400)
                        .put("message", "API key not valid. Please pass a valid API key.").put("status", "INVALID_ARGUMENT");
                ObjectNode info = error.putArray("details").addObject()
                        .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                        .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
                info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
                yield new WireError(400, root.toString(), Map.of());
            }
            case OK -> throw new IllegalArgumentException("OK is not an error");
        };
    }

    private static WireError quota(String quotaId, String metric, String value, boolean retryInfo) {
        ObjectNode root = ModelApiMock.json().createObjectNode();
        ObjectNode error = root.putObject("error").put("code", 429)
                .put("message", retryInfo ? "Resource has been exhausted (e.g. check quota)."
                        : "You exceeded your current quota, please check your plan and billing details. For more"
                        + " information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.")
                .put("status", "RESOURCE_EXHAUSTED");
        ArrayNode details = error.putArray("details");
        ObjectNode violation = details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations").addObject().put("quotaMetric", metric).put("quotaId", quotaId);
        violation.putObject("quotaDimensions").put("location", "global").put("model", "gemini-2.5-flash");
        violation.put("quotaValue", value);
        details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                .put("description", "Learn more about Gemini API quotas")
                .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        if (retryInfo) {
            details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", "1s");
        }
        return new WireError(429, root.toString(), Map.of());
    }
}
