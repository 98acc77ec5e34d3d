package io.harnessrouter.host.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code code} call, validated.
 *
 * @param requestId   unique per call; appears in the attempt history and logs
 * @param prompt      the task
 * @param files       absolute paths
 * @param workingDir  absolute project directory; empty = the server's directory
 * @param hintModel   single mode: a model key to try first
 * @param hintService single mode: one route id to use, with no fallback
 * @param models      fanout: model keys whose routes all run
 * @param quotaThreshold {@code hints.quota_threshold}: the share of a quota window at which this
 *                    call passes a route over, instead of the route's or routing's; empty: theirs
 */
public record RouteRequest(
        String requestId,
        String prompt,
        List<Path> files,
        Optional<Path> workingDir,
        Optional<String> hintModel,
        Optional<String> hintService,
        List<String> models,
        OptionalDouble quotaThreshold) {

    public RouteRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(prompt, "prompt");
        files = files == null ? List.of() : List.copyOf(files);
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        hintModel = hintModel == null ? Optional.empty() : hintModel;
        hintService = hintService == null ? Optional.empty() : hintService;
        models = models == null ? List.of() : List.copyOf(models);
        quotaThreshold = quotaThreshold == null ? OptionalDouble.empty() : quotaThreshold;
    }

    /** A call with the configured quota thresholds. */
    public RouteRequest(String requestId, String prompt, List<Path> files, Optional<Path> workingDir,
                        Optional<String> hintModel, Optional<String> hintService, List<String> models) {
        this(requestId, prompt, files, workingDir, hintModel, hintService, models, OptionalDouble.empty());
    }

    public static RouteRequest of(String requestId, String prompt) {
        return new RouteRequest(requestId, prompt, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }
}
