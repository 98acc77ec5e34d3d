package io.harnessrouter.host.doctor;

import io.harnessrouter.api.Secret;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Masks secrets in every line the report prints, as a safety net under the plugins' own care:
 * each route's {@code api_key}, route {@code env:} values and process environment values whose
 * name says they are secret ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*},
 * {@code *PASSWORD*}, {@code *CREDENTIAL*}). Immutable and thread-safe.
 */
final class Redactor {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|token|secret|password|credential).*");
    /** Shorter values are too likely to occur in ordinary text to be masked. */
    private static final int MIN_LENGTH = 8;

    private final List<Secret> secrets;

    private Redactor(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    static Redactor of(Map<String, String> env, Optional<Config> config) {
        List<Secret> secrets = new ArrayList<>();
        addSecretValues(env, secrets);
        for (RouteConfig route : config.map(Config::routes).orElse(List.of())) {
            route.apiKey().filter(k -> k.reveal().length() >= MIN_LENGTH).ifPresent(secrets::add);
            addSecretValues(route.env(), secrets);
        }
        // Longest first, so a key that contains another is masked whole.
        secrets.sort((a, b) -> Integer.compare(b.reveal().length(), a.reveal().length()));
        return new Redactor(secrets);
    }

    private static void addSecretValues(Map<String, String> env, List<Secret> secrets) {
        env.forEach((name, value) -> {
            if (value != null && value.length() >= MIN_LENGTH && SECRET_NAME.matcher(name).matches()) {
                secrets.add(Secret.of(value));
            }
        });
    }

    String apply(String text) {
        String out = text;
        for (Secret secret : secrets) {
            out = secret.redact(out);
        }
        return out;
    }
}
