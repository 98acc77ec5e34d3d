package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The advertised input schema is valid JSON Schema, and {@link CodeArguments} accepts exactly what
 * it accepts (the server validates by code instead of running a schema validator per call).
 */
class ToolSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaValidator SDK_VALIDATOR = McpJsonDefaults.getSchemaValidator();

    private static Map<String, Object> map(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<>() { });
    }

    @Test
    void theInputSchemaIsValidAgainstTheMetaSchema() throws Exception {
        var response = SDK_VALIDATOR.validateSchema(map(ToolSchemas.INPUT));
        assertTrue(response.valid(), response.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"prompt\":\"x\"}",
        "{\"prompt\":\"x\",\"files\":[\"/a\",\"/b\"],\"workingDir\":\"\",\"mode\":\"fanout\",\"models\":[\"m\"]}",
        "{\"prompt\":\"x\",\"hints\":{\"model\":\"m\",\"service\":\"m::h\"}}",
        "{\"prompt\":\"x\",\"hints\":{}}",
        "{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":0.5}}",
        "{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":1}}",
        "{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":0}}",
        "{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":1.2}}",
        "{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":\"80%\"}}",
        "{}",
        "{\"prompt\":5}",
        "{\"prompt\":\"x\",\"bogus\":true}",
        "{\"prompt\":\"x\",\"mode\":\"parallel\"}",
        "{\"prompt\":\"x\",\"files\":\"/a\"}",
        "{\"prompt\":\"x\",\"files\":[1]}",
        "{\"prompt\":\"x\",\"hints\":{\"svc\":\"a\"}}",
        "{\"prompt\":\"x\",\"hints\":\"m\"}",
        "{\"prompt\":\"x\",\"models\":[null]}",
        "{\"prompt\":\"x\",\"workingDir\":7}"
    })
    void codeArgumentsAgreeWithTheSchema(String args) throws Exception {
        boolean schemaSays = SDK_VALIDATOR.validate(map(ToolSchemas.INPUT), map(args)).valid();
        boolean weSay;
        try {
            CodeArguments.parse(map(args), Path.of("/"));
            weSay = true;
        } catch (CodeArguments.InvalidArgument e) {
            weSay = false;
        }
        assertEquals(schemaSays, weSay, args);
    }

    @Test
    void theCallsQuotaThresholdReachesTheRouteRequest() throws Exception {
        var parsed = CodeArguments.parse(map("{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":0.5}}"), Path.of("/"));
        assertEquals(java.util.OptionalDouble.of(0.5), parsed.request().quotaThreshold());
        assertEquals(java.util.OptionalDouble.empty(),
                CodeArguments.parse(map("{\"prompt\":\"x\"}"), Path.of("/")).request().quotaThreshold());
        var e = assertThrows(CodeArguments.InvalidArgument.class,
                () -> CodeArguments.parse(map("{\"prompt\":\"x\",\"hints\":{\"quota_threshold\":1.2}}"), Path.of("/")));
        assertTrue(e.getMessage().startsWith("hints.quota_threshold must be a number above 0 and at most 1"),
                e.getMessage());
    }

    @Test
    void limitsMatchTheSchema() throws Exception {
        Map<String, Object> schema = map(ToolSchemas.INPUT);
        String tooLong = "x".repeat(CodeArguments.MAX_STRING + 1);
        Map<String, Object> args = Map.of("prompt", "x", "hints", Map.of("model", tooLong));
        assertTrue(!SDK_VALIDATOR.validate(schema, args).valid());
        var e = assertThrows(CodeArguments.InvalidArgument.class, () -> CodeArguments.parse(args, Path.of("/")));
        assertEquals("hints.model is 4097 characters; the limit is 4096", e.getMessage());

        Map<String, Object> many = Map.of("prompt", "x", "files", java.util.Collections.nCopies(257, "/a"));
        assertTrue(!SDK_VALIDATOR.validate(schema, many).valid());
        e = assertThrows(CodeArguments.InvalidArgument.class, () -> CodeArguments.parse(many, Path.of("/")));
        assertEquals("files has 257 items; the limit is 256", e.getMessage());

        Map<String, Object> big = Map.of("prompt", "é".repeat(600_000));
        e = assertThrows(CodeArguments.InvalidArgument.class, () -> CodeArguments.parse(big, Path.of("/")));
        assertEquals("prompt is 1200000 bytes; the limit is 1000000 bytes", e.getMessage());
    }
}
