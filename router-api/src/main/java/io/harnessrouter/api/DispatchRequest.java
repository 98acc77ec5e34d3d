package io.harnessrouter.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt should do.
 *
 * @param prompt     the task, as the MCP client sent it (files not yet appended)
 * @param files      absolute paths the task is about; CLI dispatchers list them in the prompt
 *                   (see {@link io.harnessrouter.api.support.PromptFiles}), HTTP dispatchers
 *                   inline their content
 * @param workingDir the project directory the CLI runs in; empty means the server's own directory
 * @param model      the model id exactly as the CLI or API expects it (already
 *                   {@code cli_model_override}-resolved)
 * @param timeout    the deadline for the whole attempt
 * @param env        extra environment variables for this attempt, on top of the route's
 * @since 0.1.0
 */
public record DispatchRequest(
        String prompt,
        List<Path> files,
        Optional<Path> workingDir,
        String model,
        Duration timeout,
        Map<String, String> env) {

    public DispatchRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        files = files == null ? List.of() : List.copyOf(files);
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        timeout = timeout == null ? RouteSpec.DEFAULT_TIMEOUT : timeout;
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A request for {@code route} with no files, the route's model and timeout. */
    public static DispatchRequest of(String prompt, RouteSpec route) {
        return new DispatchRequest(prompt, List.of(), Optional.empty(), route.cliModel(),
                route.timeout(), Map.of());
    }

    public DispatchRequest withWorkingDir(Path dir) {
        return new DispatchRequest(prompt, files, Optional.ofNullable(dir), model, timeout, env);
    }

    public DispatchRequest withFiles(List<Path> newFiles) {
        return new DispatchRequest(prompt, newFiles, workingDir, model, timeout, env);
    }

    public DispatchRequest withTimeout(Duration newTimeout) {
        return new DispatchRequest(prompt, files, workingDir, model, newTimeout, env);
    }
}
