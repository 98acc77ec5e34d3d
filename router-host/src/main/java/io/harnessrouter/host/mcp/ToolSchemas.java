package io.harnessrouter.host.mcp;

/**
 * The {@code code} tool's JSON schemas and texts. The input schema is the npm harness-router's,
 * so hosts that cached its tool list see the same arguments; unlike the npm tool, extra
 * properties are really rejected (the SDK validates against this schema).
 */
final class ToolSchemas {

    private ToolSchemas() {
    }

    /** Largest prompt in UTF-8 bytes (the schema's maxLength counts characters; we check bytes too). */
    static final int MAX_PROMPT_BYTES = 1_000_000;

    static final String INPUT = """
            {
              "type": "object",
              "properties": {
                "prompt": {
                  "type": "string",
                  "maxLength": 1000000,
                  "description": "The coding task, self-contained. At most 1 MB."
                },
                "files": {
                  "type": "array",
                  "items": {"type": "string", "maxLength": 4096},
                  "maxItems": 256,
                  "description": "Absolute paths of files the task is about. CLI routes get the list in the prompt; API routes get the contents inlined."
                },
                "workingDir": {
                  "type": "string",
                  "maxLength": 4096,
                  "description": "Absolute project directory the CLI runs in. Empty or absent: the server's directory."
                },
                "mode": {
                  "type": "string",
                  "enum": ["single", "fanout"],
                  "default": "single",
                  "description": "single: the first route that succeeds answers. fanout: every candidate route answers, in parallel."
                },
                "hints": {
                  "type": "object",
                  "properties": {
                    "model": {"type": "string", "maxLength": 4096, "description": "Model key to try first (single mode)."},
                    "service": {"type": "string", "maxLength": 4096, "description": "Route id to use, with no fallback (single mode), e.g. opus::claude_code."},
                    "quota_threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "description": "Share of a quota window at which a route is passed over for one with headroom, for this call only (default: the route's or routing's, 0.8)."}
                  },
                  "additionalProperties": false
                },
                "models": {
                  "type": "array",
                  "items": {"type": "string", "maxLength": 4096},
                  "maxItems": 256,
                  "description": "Fanout only: model keys whose routes all answer."
                }
              },
              "required": ["prompt"],
              "additionalProperties": false
            }
            """;

    static final String TITLE = "Run a coding task";

    static final String DESCRIPTION = """
            Run a coding task on the user's AI coding subscriptions (Claude Code, Codex, Gemini CLI, \
            Cursor, Copilot, opencode) before metered APIs. mode "single" (default) walks the model \
            priority list and returns the first answer; hints.model tries a model first and \
            hints.service forces one route id. mode "fanout" asks several routes at once (the \
            "models" list, else the configured mixture) and returns every answer. The response is \
            JSON: the answer in route.output, which route answered, and every attempt made.""";

    static final String INSTRUCTIONS = """
            harness-router routes coding tasks model-first: it walks the configured model priority \
            list and, for each model, tries the user's flat-rate subscription CLIs (most quota \
            headroom first) before pay-per-token APIs, failing over when a route is rate limited. \
            Use the `code` tool for any self-contained coding task. In single mode, hints.model \
            bumps a model to the front and hints.service forces one route id (see the status \
            resource for ids). mode "fanout" with `models` asks several models at once. Read \
            harness-router://status (text) or harness-router://status.json for routes, quota, \
            breakers and counters. If nothing is configured or reachable, tell the user to run \
            `harness-router doctor` and see docs/configuration.md.""";
}
