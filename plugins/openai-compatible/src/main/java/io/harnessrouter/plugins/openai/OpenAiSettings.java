package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.RouteSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
 *   <li>{@code header.<Name>} — one extra request header per entry (values may be
 *       {@code ${VAR}}, which the host fills in); a value is never logged and is masked in every
 *       error text.</li>
 *   <li>{@code openrouter_referer}, {@code openrouter_title} — for a base URL on
 *       {@code openrouter.ai} only: its app attribution headers {@code HTTP-Referer} (default
 *       {@value #DEFAULT_REFERER}) and {@code X-Title} / {@code X-OpenRouter-Title} (default
 *       {@value #DEFAULT_TITLE}); a {@code header.} entry of the same name wins.</li>
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
 * @param headers        the extra headers to send, by name as written (secrets: never log them)
 * @param problem        why the route cannot be used; empty when it can
 */
record OpenAiSettings(URI endpoint, boolean stream, long maxFileBytes, Duration connectTimeout,
        Map<String, String> headers, Optional<String> problem) {

    static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The timeout of a route that sets no {@code timeout_seconds} ({@link OpenAiCompatibleHarness#defaultTimeout()}):
     * the npm tool's 120 s, not the 600 s sized for coding CLIs.
     */
    static final Duration DEFAULT_ROUTE_TIMEOUT = Duration.ofSeconds(120);
    /** The {@code HTTP-Referer} sent to OpenRouter unless the route names another. */
    static final String DEFAULT_REFERER = "https://github.com/harness-router/harness-router";
    /** The app name sent to OpenRouter unless the route names another. */
    static final String DEFAULT_TITLE = "harness-router";
    /** The prefix of a setting that adds a request header. */
    static final String HEADER_PREFIX = "header.";
    /** RFC 9110 token characters, what a header name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> KNOWN = Set.of("stream", "max_file_bytes", "connect_timeout_seconds",
            "openrouter_referer", "openrouter_title");
    /** Headers the plugin sets itself, or the JDK client refuses to let a caller set. */
    private static final Set<String> RESERVED = Set.of("accept", "connection", "content-length", "content-type",
            "expect", "host", "upgrade");

    /** Like the generated form, but header values are masked: they often carry tokens. */
    @Override
    public String toString() {
        return "OpenAiSettings[endpoint=" + (endpoint == null ? null : describe(endpoint)) + ", stream=" + stream
                + ", maxFileBytes=" + maxFileBytes + ", connectTimeout=" + connectTimeout + ", headers=" + headers.keySet() + ", problem=" + problem + "]";
    }

    /** Reads and checks the route; never throws for a bad configuration. */
    static OpenAiSettings of(RouteSpec route) {
        Map<String, String> s = route.settings();
        String where = "route " + route.id();
        StringBuilder problems = new StringBuilder();
        URI endpoint = endpoint(route, problems);
        Set<String> unknown = new TreeSet<>(s.keySet());
        unknown.removeAll(KNOWN);
        unknown.removeIf(k -> k.startsWith(HEADER_PREFIX));
        if (!unknown.isEmpty()) {
            add(problems, "unknown setting(s) " + unknown + " (known: connect_timeout_seconds, header.<Name>,"
                    + " max_file_bytes, openrouter_referer, openrouter_title, stream)");
        }
        boolean stream = true;
        String streamValue = s.getOrDefault("stream", "true").trim().toLowerCase(Locale.ROOT);
        if (streamValue.equals("false")) {
            stream = false;
        } else if (!streamValue.equals("true")) {
            add(problems, "setting stream must be true or false, not \"" + s.get("stream") + "\"");
        }
        long maxFileBytes = positiveLong(s.get("max_file_bytes"), DEFAULT_MAX_FILE_BYTES, "max_file_bytes", problems);
        Duration connect = seconds(s.get("connect_timeout_seconds"), DEFAULT_CONNECT_TIMEOUT,
                "connect_timeout_seconds", problems);
        Map<String, String> headers = headers(route, endpoint, problems);
        Optional<String> problem = problems.length() == 0 ? Optional.empty()
                : Optional.of(where + ": " + problems);
        return new OpenAiSettings(endpoint, stream, maxFileBytes, connect, headers, problem);
    }

    /**
     * The route's {@code header.} entries, after OpenRouter's attribution headers when the base
     * URL is on openrouter.ai. Problems name the header, never its value.
     */
    private static Map<String, String> headers(RouteSpec route, URI endpoint, StringBuilder problems) {
        Map<String, String> s = route.settings();
        Map<String, String> out = new LinkedHashMap<>();
        boolean openRouter = endpoint != null && isOpenRouter(endpoint);
        if (openRouter) {
            out.put("HTTP-Referer", s.getOrDefault("openrouter_referer", DEFAULT_REFERER));
            String title = s.getOrDefault("openrouter_title", DEFAULT_TITLE);
            out.put("X-Title", title);
            out.put("X-OpenRouter-Title", title);
        } else if (endpoint != null) {
            for (String key : List.of("openrouter_referer", "openrouter_title")) {
                if (s.containsKey(key)) {
                    add(problems, "setting " + key + " is only for a base_url on openrouter.ai, not "
                            + endpoint.getHost() + " (use header.<Name> for other headers)");
                }
            }
        }
        new TreeMap<>(s).forEach((key, value) -> {
            if (!key.startsWith(HEADER_PREFIX)) {
                return;
            }
            String name = key.substring(HEADER_PREFIX.length());
            if (!TOKEN.matcher(name).matches()) {
                add(problems, "setting " + key + ": \"" + name + "\" is not a valid HTTP header name");
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                add(problems, "setting " + key + ": the plugin sets " + name + " itself");
            } else if (name.equalsIgnoreCase("Authorization") && route.apiKey().filter(k -> !k.isEmpty()).isPresent()) {
                add(problems, "setting " + key + " clashes with api_key, which is sent as Authorization: Bearer;"
                        + " remove one of them");
            } else if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                add(problems, "setting " + key + ": the value must not contain a line break");
            } else if (!clientAccepts(name, value)) {
                add(problems, "setting " + key + ": Java's HTTP client refuses to send a " + name + " header");
            } else {
                out.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                out.put(name, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Whether the JDK client lets a request carry this header (it refuses some names outright). */
    private static boolean clientAccepts(String name, String value) {
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** openrouter.ai or one of its subdomains. */
    static boolean isOpenRouter(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("openrouter.ai") || host.endsWith(".openrouter.ai");
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

    private static Duration seconds(String value, Duration dflt, String key, StringBuilder problems) {
        if (value == null) {
            return dflt;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        add(problems, "setting " + key + " must be a number of seconds between 0 and 3600, not \"" + value + "\"");
        return dflt;
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
