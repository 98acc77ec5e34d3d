package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.RouteSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated settings of one OpenAI-compatible route: its endpoint and the keys of its
 * {@code settings:} block.
 *
 * <ul>
 *   <li>{@code stream} — {@code true} (default): request an SSE stream and forward text as it
 *       arrives; {@code false}: one buffered JSON response.</li>
 *   <li>{@code max_file_bytes} — files larger than this are not inlined (default 512 KiB).</li>
 *   <li>{@code connect_timeout_seconds} — how long to wait for the TCP/TLS connection
 *       (default 10).</li>
 * </ul>
 *
 * <p>A problem (no or bad {@code base_url}, an unknown key, a bad value) makes the route
 * unavailable with {@link #problem()} as the reason. Immutable.
 *
 * @param endpoint       {@code <base_url without trailing slash>/chat/completions}; null when the
 *                       base URL is unusable
 * @param stream         whether to stream
 * @param maxFileBytes   the inlining limit in bytes
 * @param connectTimeout the connect timeout
 * @param problem        why the route cannot be used; empty when it can
 */
record OpenAiSettings(URI endpoint, boolean stream, long maxFileBytes, Duration connectTimeout,
        Optional<String> problem) {

    static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> KNOWN = Set.of("stream", "max_file_bytes", "connect_timeout_seconds");

    /** Reads and checks the route; never throws for a bad configuration. */
    static OpenAiSettings of(RouteSpec route) {
        Map<String, String> s = route.settings();
        String where = "route " + route.id();
        StringBuilder problems = new StringBuilder();
        URI endpoint = endpoint(route, problems);
        Set<String> unknown = new TreeSet<>(s.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            add(problems, "unknown setting(s) " + unknown + " (known: connect_timeout_seconds, max_file_bytes, stream)");
        }
        boolean stream = true;
        String streamValue = s.getOrDefault("stream", "true").trim().toLowerCase(Locale.ROOT);
        if (streamValue.equals("false")) {
            stream = false;
        } else if (!streamValue.equals("true")) {
            add(problems, "setting stream must be true or false, not \"" + s.get("stream") + "\"");
        }
        long maxFileBytes = positiveLong(s.get("max_file_bytes"), DEFAULT_MAX_FILE_BYTES, "max_file_bytes", problems);
        Duration connect = connectTimeout(s.get("connect_timeout_seconds"), problems);
        Optional<String> problem = problems.length() == 0 ? Optional.empty()
                : Optional.of(where + ": " + problems);
        return new OpenAiSettings(endpoint, stream, maxFileBytes, connect, problem);
    }

    private static URI endpoint(RouteSpec route, StringBuilder problems) {
        if (route.baseUrl().isEmpty()) {
            add(problems, "no base_url — set base_url to the API root including /v1, for example https://api.openai.com/v1");
            return null;
        }
        URI base = route.baseUrl().get();
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            add(problems, "base_url \"" + describe(base) + "\" must be an http:// or https:// URL with a host,"
                    + " for example https://api.openai.com/v1");
            return null;
        }
        String text = base.toString();
        String query = "";
        int q = text.indexOf('?');
        if (q >= 0) {
            query = text.substring(q); // kept after the path, for gateways that need e.g. ?api-version=
            text = text.substring(0, q);
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + "/chat/completions" + query);
    }

    private static long positiveLong(String value, long dflt, String key, StringBuilder problems) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        add(problems, "setting " + key + " must be a positive whole number, not \"" + value + "\"");
        return dflt;
    }

    private static Duration connectTimeout(String value, StringBuilder problems) {
        if (value == null) {
            return DEFAULT_CONNECT_TIMEOUT;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        add(problems, "setting connect_timeout_seconds must be a number of seconds between 0 and 3600, not \""
                + value + "\"");
        return DEFAULT_CONNECT_TIMEOUT;
    }

    private static void add(StringBuilder problems, String text) {
        if (problems.length() > 0) {
            problems.append("; ");
        }
        problems.append(text);
    }

    /**
     * A URL fit for messages: without user info and query string, so credentials there never
     * reach an error text.
     */
    static String describe(URI uri) {
        String text = uri.toString();
        if (uri.getRawUserInfo() != null) {
            text = text.replace(uri.getRawUserInfo() + "@", "");
        }
        int query = text.indexOf('?');
        return query >= 0 ? text.substring(0, query) : text;
    }
}
