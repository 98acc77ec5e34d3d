package io.harnessrouter.api;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured route, as the plugin sees it: read-only, already validated and with
 * {@code ${VAR}} references resolved.
 *
 * <p>The host builds routes; a plugin's tests build them with {@link #builder(String, String, String, Tier)}.
 * The record's components are append-only: a later API version may add a component at the end,
 * never remove, reorder or retype one, and keeps each earlier canonical constructor as an overload
 * that fills the new component with its default. Code that calls the builder keeps working
 * unchanged when a component is added; the constructor stays for source compatibility only.
 *
 * @param id         the route id, {@code <model>::<routeKey>} (for example {@code opus::claude_code}
 *                   or {@code opus::api.anthropic.com}); used in logs, state and status
 * @param model      the model key from the config ({@code opus})
 * @param harnessId  the canonical harness id ({@link Harness#id()}), aliases already resolved
 * @param tier       subscription (CLI) or metered (HTTP)
 * @param command    the binary to run: the route's {@code command}, else the harness default;
 *                   empty for HTTP routes
 * @param cliModel   the model id to send to the CLI or API: {@code cli_model_override}, else the
 *                   model key
 * @param baseUrl    the API base URL (metered routes), including any {@code /v1} prefix
 * @param apiKey     the API key (metered routes); never log it
 * @param timeout    how long one dispatch may take before the process tree is killed or the
 *                   request abandoned
 * @param env        extra environment variables for the child process (subscription routes)
 * @param settings   free-form per-route settings from the route's {@code settings:} block, for the
 *                   plugin to interpret; unknown keys should be reported by the plugin's
 *                   {@link Harness#dispatcher} through an {@link Availability} reason, not ignored
 * @since 0.1.0
 */
public record RouteSpec(
        String id,
        String model,
        String harnessId,
        Tier tier,
        Optional<String> command,
        String cliModel,
        Optional<URI> baseUrl,
        Optional<Secret> apiKey,
        Duration timeout,
        Map<String, String> env,
        Map<String, String> settings) {

    /** Default dispatch timeout: ten minutes, as coding tasks can run long. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public RouteSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(harnessId, "harnessId");
        Objects.requireNonNull(tier, "tier");
        command = command == null ? Optional.empty() : command;
        cliModel = cliModel == null ? model : cliModel;
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
        apiKey = apiKey == null ? Optional.empty() : apiKey;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        env = env == null ? Map.of() : Map.copyOf(env);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A subscription (CLI) route with defaults for everything optional; handy in tests. */
    public static RouteSpec subscription(String model, String harnessId, String command) {
        return new RouteSpec(model + "::" + harnessId, model, harnessId, Tier.SUBSCRIPTION,
                Optional.ofNullable(command), model, Optional.empty(), Optional.empty(),
                DEFAULT_TIMEOUT, Map.of(), Map.of());
    }

    /**
     * Starts a route: no command, {@code cliModel} = {@code model}, no base URL or key,
     * {@link #DEFAULT_TIMEOUT}, no env and no settings until set.
     *
     * @since 0.1.0
     */
    public static Builder builder(String id, String model, String harnessId, Tier tier) {
        return new Builder(Objects.requireNonNull(id, "id"), Objects.requireNonNull(model, "model"),
                Objects.requireNonNull(harnessId, "harnessId"), Objects.requireNonNull(tier, "tier"));
    }

    /**
     * A builder preset with this route's values.
     *
     * @since 0.1.0
     */
    public Builder toBuilder() {
        return new Builder(id, model, harnessId, tier).command(command.orElse(null)).cliModel(cliModel)
                .baseUrl(baseUrl.orElse(null)).apiKey(apiKey.orElse(null)).timeout(timeout).env(env)
                .settings(settings);
    }

    /** A setting from the route's {@code settings:} block. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Same route with another timeout. */
    public RouteSpec withTimeout(Duration newTimeout) {
        return new RouteSpec(id, model, harnessId, tier, command, cliModel, baseUrl, apiKey,
                newTimeout, env, settings);
    }

    /** Same route with another model id sent to the CLI or API. */
    public RouteSpec withCliModel(String newCliModel) {
        return new RouteSpec(id, model, harnessId, tier, command, newCliModel, baseUrl, apiKey,
                timeout, env, settings);
    }

    @Override
    public String toString() {
        // apiKey's own toString masks it; env values may hold secrets too, so only names are shown.
        return "RouteSpec[id=" + id + ", harness=" + harnessId + ", tier=" + tier.wireName()
                + ", command=" + command.orElse("") + ", cliModel=" + cliModel
                + ", baseUrl=" + baseUrl.map(URI::toString).orElse("") + ", env=" + env.keySet()
                + ", settings=" + settings.keySet() + "]";
    }

    /**
     * Builds {@link RouteSpec}s; a setter left uncalled keeps the default stated on
     * {@link RouteSpec#builder(String, String, String, Tier)}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String id;
        private final String model;
        private final String harnessId;
        private final Tier tier;
        private String command;
        private String cliModel;
        private URI baseUrl;
        private Secret apiKey;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String id, String model, String harnessId, Tier tier) {
            this.id = id;
            this.model = model;
            this.harnessId = harnessId;
            this.tier = tier;
        }

        /** The binary to run; {@code null} means the harness default. */
        public Builder command(String value) {
            this.command = value;
            return this;
        }

        /** The model id sent to the CLI or API; {@code null} means the model key. */
        public Builder cliModel(String value) {
            this.cliModel = value;
            return this;
        }

        /** The API base URL (metered routes). */
        public Builder baseUrl(URI value) {
            this.baseUrl = value;
            return this;
        }

        /** The API key (metered routes). */
        public Builder apiKey(Secret value) {
            this.apiKey = value;
            return this;
        }

        /** The dispatch deadline; {@code null} means {@link RouteSpec#DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration value) {
            this.timeout = value == null ? DEFAULT_TIMEOUT : value;
            return this;
        }

        /** Replaces the extra environment variables with these. */
        public Builder env(Map<String, String> values) {
            this.env.clear();
            this.env.putAll(values);
            return this;
        }

        /** Adds or replaces one environment variable. */
        public Builder env(String name, String value) {
            this.env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the per-route settings with these. */
        public Builder settings(Map<String, String> values) {
            this.settings.clear();
            this.settings.putAll(values);
            return this;
        }

        /** Adds or replaces one per-route setting. */
        public Builder setting(String key, String value) {
            this.settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public RouteSpec build() {
            return new RouteSpec(id, model, harnessId, tier, Optional.ofNullable(command), cliModel,
                    Optional.ofNullable(baseUrl), Optional.ofNullable(apiKey), timeout, env, settings);
        }
    }
}
