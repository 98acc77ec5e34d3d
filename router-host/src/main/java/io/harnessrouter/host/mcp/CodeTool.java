package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code code} tool: validates the arguments, routes the prompt and answers with the npm
 * tool's JSON as text and as {@code structuredContent}.
 *
 * <p>Error model (the MCP SDK's two tiers): what the calling model can act on — bad arguments, no
 * configuration, every route failed — is a tool result with {@code isError: true} and the next
 * step. Only a fault of ours escapes as an exception, which the SDK turns into a JSON-RPC error.
 *
 * <p>Thread-safety: stateless; the SDK calls it concurrently.
 */
final class CodeTool {
    private static final Logger LOG = LoggerFactory.getLogger(CodeTool.class);

    private final RoutingService service;
    private final ObjectMapper mapper;
    private final CodeResponse responses;
    private final Path serverDir;

    CodeTool(RoutingService service, ObjectMapper mapper, Path serverDir) {
        this.service = service;
        this.mapper = mapper;
        this.responses = new CodeResponse(mapper);
        this.serverDir = serverDir;
    }

    CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request) {
        Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (InvalidArgument e) {
            return error("Invalid arguments for tool code: " + e.getMessage());
        }
        Router router;
        try {
            router = service.router();
        } catch (RoutingService.RoutingUnavailableException e) {
            return error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("The call was cancelled while harness-router was still starting.");
        }
        RouteListener listener = ProgressRelay.forRequest(exchange, request);
        if (parsed.fanout) {
            FanoutOutcome outcome = router.fanout(parsed.request, listener);
            boolean anySuccess = outcome.items().stream().anyMatch(i -> i.result().success());
            return result(responses.fanout(outcome), !anySuccess);
        }
        RouteOutcome outcome = router.route(parsed.request, listener);
        if (!outcome.success()) {
            LOG.info("code call {} failed: {}", parsed.request.requestId(), outcome.error());
        }
        return result(responses.single(outcome), !outcome.success());
    }

    private CallToolResult result(ObjectNode json, boolean isError) {
        String text;
        try {
            text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the code response", e);
        }
        Map<String, Object> structured = mapper.convertValue(json, MAP_TYPE);
        return CallToolResult.builder()
                .addTextContent(text)
                .structuredContent(structured)
                .isError(isError)
                .build();
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private record Parsed(RouteRequest request, boolean fanout) {
    }

    private Parsed parse(Map<String, Object> args) {
        String prompt = string(args, "prompt").orElseThrow(() -> new InvalidArgument("prompt is required"));
        if (prompt.isBlank()) {
            throw new InvalidArgument("prompt is empty");
        }
        int bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ToolSchemas.MAX_PROMPT_BYTES) {
            throw new InvalidArgument("prompt is " + bytes + " bytes; the limit is "
                    + ToolSchemas.MAX_PROMPT_BYTES + " bytes");
        }
        List<Path> files = new ArrayList<>();
        for (String f : strings(args, "files")) {
            Path p = path(f, "files");
            if (!p.isAbsolute()) {
                throw new InvalidArgument("files must be absolute paths, got \"" + f + "\"");
            }
            files.add(p);
        }
        Optional<Path> workingDir = Optional.empty();
        String wd = string(args, "workingDir").orElse("");
        if (!wd.isEmpty()) {
            Path p = path(wd, "workingDir");
            if (!p.isAbsolute()) {
                throw new InvalidArgument("workingDir must be an absolute path or empty, got \"" + wd + "\"");
            }
            if (!java.nio.file.Files.isDirectory(p)) {
                throw new InvalidArgument("workingDir " + wd + " is not a directory");
            }
            workingDir = Optional.of(p);
        } else {
            workingDir = Optional.of(serverDir);
        }
        String mode = string(args, "mode").orElse("single");
        if (!mode.equals("single") && !mode.equals("fanout")) {
            throw new InvalidArgument("mode must be \"single\" or \"fanout\", got \"" + mode + "\"");
        }
        Map<?, ?> hints = args.get("hints") instanceof Map<?, ?> m ? m : Map.of();
        Optional<String> hintModel = nonEmpty(hints.get("model"));
        Optional<String> hintService = nonEmpty(hints.get("service"));
        List<String> models = strings(args, "models");
        String requestId = UUID.randomUUID().toString();
        RouteRequest request = new RouteRequest(requestId, prompt, files, workingDir,
                hintModel, hintService, models);
        return new Parsed(request, mode.equals("fanout"));
    }

    private static Path path(String value, String field) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidArgument(field + " has an invalid path \"" + value + "\": " + e.getReason());
        }
    }

    private static Optional<String> nonEmpty(Object v) {
        return v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static Optional<String> string(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidArgument(key + " must be a string");
        }
        return Optional.of(s);
    }

    private static List<String> strings(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidArgument(key + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new InvalidArgument(key + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static final class InvalidArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidArgument(String message) {
            super(message, null, false, false);
        }
    }
}
