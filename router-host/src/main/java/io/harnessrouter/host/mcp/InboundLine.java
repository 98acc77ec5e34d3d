package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigInteger;

/**
 * What one line read from the client is, decided before anything else sees it: a JSON-RPC 2.0
 * request, notification or response the MCP session can take, a line to answer with a JSON-RPC
 * error, a line to drop, or a blank line. The MCP SDK ends the whole session on some malformed
 * lines (no {@code jsonrpc}, an id that does not fit in a long), so nothing reaches it that was
 * not checked here first.
 *
 * <p>The rules (JSON-RPC 2.0 §4, §5.1 and MCP's "ids are strings or integers, never null"):
 * <ul>
 *   <li>not JSON, or not UTF-8: -32700 with {@code id: null};</li>
 *   <li>valid JSON that is not one object (an array — batches left MCP in 2025-06-18 — or a
 *       scalar): -32600 with {@code id: null};</li>
 *   <li>an object whose id is not a string or an integer within 64 bits (fractional, huge,
 *       boolean, object, array, null): -32600 with {@code id: null}, since the id cannot be
 *       echoed as the client sent it;</li>
 *   <li>a readable id but {@code jsonrpc} other than {@code "2.0"}, {@code method} not a string,
 *       {@code params} neither object nor array, or neither a method nor a result/error:
 *       -32600 with that id; array {@code params} on a request: -32602 (MCP params are objects);</li>
 *   <li>a notification (a method, no id) with any of those faults: dropped, with one log line —
 *       a notification is never answered.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
sealed interface InboundLine {
    /** The biggest integer id that is echoed: the SDK and most clients hold ids in a long. */
    BigInteger MAX_ID = BigInteger.valueOf(Long.MAX_VALUE);
    BigInteger MIN_ID = BigInteger.valueOf(Long.MIN_VALUE);

    /** Empty or whitespace only: ignored, as JSON-RPC over stdio allows between messages. */
    record Blank() implements InboundLine {
    }

    /** A request to serve; {@code id} is a String or a Long, as the client sent it. */
    record Request(Object id, String method, JsonNode params) implements InboundLine {
    }

    record Notification(String method, JsonNode params) implements InboundLine {
    }

    /** A client's response to a request of ours. */
    record Response(Object id, JsonNode message) implements InboundLine {
    }

    /** Answer with this JSON-RPC error; {@code id} is null when the line's id cannot be read. */
    record Reject(Object id, int code, String message) implements InboundLine {
    }

    /** A broken notification: dropped with this reason in the log, never answered. */
    record Drop(String reason) implements InboundLine {
    }

    int PARSE_ERROR = -32700;
    int INVALID_REQUEST = -32600;
    int INVALID_PARAMS = -32602;

    static InboundLine classify(byte[] line, int len, ObjectMapper mapper) {
        int start = 0;
        while (start < len && isJsonWhitespace(line[start])) {
            start++;
        }
        if (start == len) {
            return new Blank();
        }
        JsonNode node;
        try {
            node = mapper.readTree(line, start, len - start);
        } catch (IOException | RuntimeException e) {
            return new Reject(null, PARSE_ERROR, "Parse error: the line is not valid JSON in UTF-8");
        }
        if (node == null || node.isMissingNode()) {
            return new Reject(null, PARSE_ERROR, "Parse error: the line is not valid JSON in UTF-8");
        }
        if (node.getNodeType() != JsonNodeType.OBJECT) {
            return new Reject(null, INVALID_REQUEST, node.isArray()
                    ? "Invalid Request: JSON-RPC batches are not part of MCP; send one message per line"
                    : "Invalid Request: a JSON-RPC message is a JSON object");
        }
        return classifyObject(node);
    }

    private static InboundLine classifyObject(JsonNode obj) {
        JsonNode idNode = obj.get("id");
        JsonNode method = obj.get("method");
        boolean hasId = obj.has("id");
        boolean notification = !hasId && method != null && method.isTextual();
        Object id = null;
        if (hasId) {
            id = readableId(idNode);
            if (id == null) {
                return new Reject(null, INVALID_REQUEST, "Invalid Request: id must be a string or an integer"
                        + " between " + MIN_ID + " and " + MAX_ID + ", not " + describe(idNode));
            }
        }
        String fault = envelopeFault(obj, method);
        if (fault != null) {
            return notification ? new Drop(fault) : new Reject(id, INVALID_REQUEST, "Invalid Request: " + fault);
        }
        if (method == null) {
            if (id != null && (obj.has("result") || obj.has("error"))) {
                return new Response(id, obj);
            }
            return new Reject(id, INVALID_REQUEST,
                    "Invalid Request: a JSON-RPC message needs a method, or an id with a result or an error");
        }
        JsonNode params = obj.get("params");
        if (id == null) {
            return new Notification(method.textValue(), params);
        }
        if (params != null && params.isArray()) {
            return new Reject(id, INVALID_PARAMS, "Invalid params: MCP methods take their params as an object");
        }
        return new Request(id, method.textValue(), params);
    }

    /** What is wrong with the envelope apart from the id, or null. */
    private static String envelopeFault(JsonNode obj, JsonNode method) {
        JsonNode version = obj.get("jsonrpc");
        if (version == null) {
            return "\"jsonrpc\": \"2.0\" is missing";
        }
        if (!version.isTextual() || !"2.0".equals(version.textValue())) {
            return "\"jsonrpc\" must be \"2.0\", not " + describe(version);
        }
        if (method != null && !method.isTextual()) {
            return "method must be a string, not " + describe(method);
        }
        JsonNode params = obj.get("params");
        if (params != null && !params.isObject() && !params.isArray()) {
            return "params must be an object or an array, not " + describe(params);
        }
        return null;
    }

    /** The id as a String or Long, or null when it is not a usable JSON-RPC id. */
    private static Object readableId(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isTextual()) {
            return id.textValue();
        }
        if (id.isIntegralNumber()) {
            BigInteger v = id.bigIntegerValue();
            return v.compareTo(MAX_ID) <= 0 && v.compareTo(MIN_ID) >= 0 ? (Object) v.longValue() : null;
        }
        return null;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isIntegralNumber()) {
            String text = node.asText();
            return text.length() > 40 ? "an integer of " + text.length() + " digits" : text;
        }
        return switch (node.getNodeType()) {
            case NUMBER -> "a fractional number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
