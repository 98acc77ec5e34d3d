package io.harnessrouter.host.config;

import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.QuotaPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One route as configured.
 *
 * @param id               {@code <model>::<routeKey>}, with {@code #n} on collisions
 * @param model            the model key
 * @param tier             subscription ({@code subscription:} stanza) or metered ({@code metered:})
 * @param harness          the harness id as written ({@code claude_code}, {@code gemini}, ...);
 *                         {@code openai_compatible} for metered routes. Aliases are resolved by
 *                         the plugin registry, which knows every harness's aliases
 * @param command          the route's {@code command}, when set
 * @param cliModelOverride {@code cli_model_override}, when set
 * @param baseUrl          {@code base_url} (metered)
 * @param apiKey           {@code api_key} (metered), interpolated
 * @param enabled          {@code enabled} (default true); a disabled route is listed, never dispatched
 * @param timeout          {@code timeout_seconds}, when set (else {@link RoutingSettings#dispatchTimeout()})
 * @param env              {@code env:} map for the child process (subscription)
 * @param settings         {@code settings:} map handed to the plugin
 * @param unavailableReason set when the config itself makes the route unusable: a value uses an
 *                         unset {@code ${VAR}}, or a {@code generic_cli} recipe from the npm tool
 * @param unsetVariables   the names of the unset variables the route's values use, in file order;
 *                         when not empty the route is unavailable and its values that use them are
 *                         kept as written
 * @param line             the line of the route's stanza in the file, for messages
 * @param maxConcurrent    {@code max_concurrent}, when set: dispatches in flight at once on this
 *                         route across every process (else {@link RoutingSettings#maxConcurrent})
 * @param quota            {@code quota:}, {@code quota_group} and {@code quota_threshold}
 */
public record RouteConfig(
        String id,
        String model,
        Tier tier,
        String harness,
        Optional<String> command,
        Optional<String> cliModelOverride,
        Optional<URI> baseUrl,
        Optional<Secret> apiKey,
        boolean enabled,
        Optional<Duration> timeout,
        Map<String, String> env,
        Map<String, String> settings,
        Optional<String> unavailableReason,
        List<String> unsetVariables,
        int line,
        OptionalInt maxConcurrent,
        QuotaPolicy quota) {

    public RouteConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(harness, "harness");
        command = command == null ? Optional.empty() : command;
        cliModelOverride = cliModelOverride == null ? Optional.empty() : cliModelOverride;
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
        apiKey = apiKey == null ? Optional.empty() : apiKey;
        timeout = timeout == null ? Optional.empty() : timeout;
        env = env == null ? Map.of() : Map.copyOf(env);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        unavailableReason = unavailableReason == null ? Optional.empty() : unavailableReason;
        unsetVariables = unsetVariables == null ? List.of() : List.copyOf(unsetVariables);
        maxConcurrent = maxConcurrent == null ? OptionalInt.empty() : maxConcurrent;
        quota = quota == null ? QuotaPolicy.NONE : quota;
    }

    /** A route without quota settings. */
    public RouteConfig(String id, String model, Tier tier, String harness, Optional<String> command,
                       Optional<String> cliModelOverride, Optional<URI> baseUrl, Optional<Secret> apiKey,
                       boolean enabled, Optional<Duration> timeout, Map<String, String> env,
                       Map<String, String> settings, Optional<String> unavailableReason,
                       List<String> unsetVariables, int line, OptionalInt maxConcurrent) {
        this(id, model, tier, harness, command, cliModelOverride, baseUrl, apiKey, enabled, timeout, env, settings,
                unavailableReason, unsetVariables, line, maxConcurrent, QuotaPolicy.NONE);
    }

    /** A route without its own {@code max_concurrent}. */
    public RouteConfig(String id, String model, Tier tier, String harness, Optional<String> command,
                       Optional<String> cliModelOverride, Optional<URI> baseUrl, Optional<Secret> apiKey,
                       boolean enabled, Optional<Duration> timeout, Map<String, String> env,
                       Map<String, String> settings, Optional<String> unavailableReason,
                       List<String> unsetVariables, int line) {
        this(id, model, tier, harness, command, cliModelOverride, baseUrl, apiKey, enabled, timeout, env, settings,
                unavailableReason, unsetVariables, line, OptionalInt.empty(), QuotaPolicy.NONE);
    }

    /** A route without its own {@code max_concurrent}. */
    public RouteConfig(String id, String model, Tier tier, String harness, Optional<String> command,
                       Optional<String> cliModelOverride, Optional<URI> baseUrl, Optional<Secret> apiKey,
                       boolean enabled, Optional<Duration> timeout, Map<String, String> env,
                       Map<String, String> settings, Optional<String> unavailableReason, int line) {
        this(id, model, tier, harness, command, cliModelOverride, baseUrl, apiKey, enabled, timeout, env, settings,
                unavailableReason, List.of(), line, OptionalInt.empty(), QuotaPolicy.NONE);
    }

    /** The model id sent to the CLI or API: the override, else the model key. */
    public String cliModel() {
        return cliModelOverride.orElse(model);
    }

    /**
     * Like the generated form, but {@code env} values are masked: they often carry tokens
     * ({@code apiKey} masks itself as a {@link Secret}).
     */
    @Override
    public String toString() {
        Map<String, String> maskedEnv = new java.util.TreeMap<>();
        env.keySet().forEach(k -> maskedEnv.put(k, "******"));
        // header.<Name> settings carry request headers, often tokens: names only.
        Map<String, String> maskedSettings = new java.util.TreeMap<>(settings);
        maskedSettings.replaceAll((k, v) -> k.startsWith("header.") ? "******" : v);
        return "RouteConfig[id=" + id + ", model=" + model + ", tier=" + tier + ", harness=" + harness
                + ", command=" + command + ", cliModelOverride=" + cliModelOverride + ", baseUrl=" + baseUrl
                + ", apiKey=" + apiKey + ", enabled=" + enabled + ", timeout=" + timeout + ", env=" + maskedEnv
                + ", settings=" + maskedSettings + ", unavailableReason=" + unavailableReason + ", unsetVariables="
                + unsetVariables + ", line=" + line + ", maxConcurrent=" + maxConcurrent + ", quota=" + quota + "]";
    }
}
