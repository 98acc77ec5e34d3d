package io.harnessrouter.host.config;

import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a route's quota keys: {@code quota:} (a list of windows, or one window as a map),
 * {@code quota_group} and {@code quota_threshold}.
 *
 * <pre>
 * quota_group: claude-max
 * quota_threshold: 80%
 * quota:
 *   - requests: 45
 *     per: 5h
 *   - tokens: 2000000
 *     per: weekly on monday at 09:00 America/Los_Angeles
 * </pre>
 *
 * Each window names exactly one measure ({@code requests}, {@code tokens} or, on metered routes,
 * {@code usd}) with a positive limit, and a {@code per:} period. Problems name the file, line and
 * field; a route with a broken window keeps its valid ones. Not thread-safe: one per load.
 */
final class QuotaBlock {

    static final List<String> ROUTE_KEYS = List.of("quota", "quota_group", "quota_threshold");
    private static final List<String> WINDOW_KEYS = List.of("requests", "tokens", "usd", "per");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String THRESHOLD = "must be a share of the window: a number above 0 and at most 1 (0.8),"
            + " or a percentage (80%)";

    private final Fields fields;
    private final Problems problems;

    QuotaBlock(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    QuotaPolicy read(YamlNode.MapNode route, String path, boolean metered) {
        Optional<String> group = fields.string(route, "quota_group", path);
        if (group.isPresent() && !GROUP.matcher(group.get()).matches()) {
            problems.error(route.value("quota_group").orElseThrow().line(), Fields.join(path, "quota_group"),
                    "must be a name of letters, digits, '-', '_' or '.' (e.g. claude-max)");
            group = Optional.empty();
        }
        OptionalDouble threshold = threshold(route, path);
        List<QuotaWindow> windows = windows(route, Fields.join(path, "quota"), metered);
        return new QuotaPolicy(group, windows, threshold);
    }

    private OptionalDouble threshold(YamlNode.MapNode route, String path) {
        Optional<YamlNode> node = route.value("quota_threshold");
        if (node.isEmpty()) {
            return OptionalDouble.empty();
        }
        String at = Fields.join(path, "quota_threshold");
        if (node.get() instanceof YamlNode.Scalar s && !s.isNull()) {
            OptionalDouble value = fraction(s.text());
            if (value.isPresent()) {
                return value;
            }
        }
        problems.error(node.get().line(), at, THRESHOLD);
        return OptionalDouble.empty();
    }

    /** {@code 0.8} or {@code 80%} as a share in (0, 1]; empty for anything else. */
    static OptionalDouble fraction(String raw) {
        String text = raw.strip();
        try {
            double value = text.endsWith("%")
                    ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100
                    : Double.parseDouble(text);
            return value > 0 && value <= 1 ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private List<QuotaWindow> windows(YamlNode.MapNode route, String at, boolean metered) {
        Optional<YamlNode> node = route.value("quota");
        if (node.isEmpty()) {
            return List.of();
        }
        List<YamlNode> items;
        if (node.get() instanceof YamlNode.Seq seq) {
            items = seq.items();
        } else if (node.get() instanceof YamlNode.MapNode) {
            items = List.of(node.get());
        } else {
            problems.error(node.get().line(), at, "must be a list of windows, each like {requests: 45, per: 5h}");
            return List.of();
        }
        List<QuotaWindow> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = node.get() instanceof YamlNode.Seq ? at + "[" + i + "]" : at;
            if (items.get(i) instanceof YamlNode.MapNode map) {
                window(map, p, metered).ifPresent(out::add);
            } else {
                problems.error(items.get(i).line(), p, "must be a window like {requests: 45, per: 5h}");
            }
        }
        return out;
    }

    private Optional<QuotaWindow> window(YamlNode.MapNode map, String p, boolean metered) {
        fields.warnUnknownKeys(map, p, WINDOW_KEYS, Map.of(), "unknown key, ignored");
        List<Measure> named = new ArrayList<>();
        for (Measure m : Measure.values()) {
            if (map.has(m.key())) {
                named.add(m);
            }
        }
        if (named.size() != 1) {
            problems.error(map.line(), p, named.isEmpty()
                    ? "names no limit: give one of requests:, tokens: or usd: with a number"
                    : "names " + named.size() + " limits: give one window per limit (one of requests:, tokens:, usd:)");
            return Optional.empty();
        }
        Measure measure = named.get(0);
        if (measure == Measure.USD && !metered) {
            problems.error(map.value("usd").orElseThrow().line(), Fields.join(p, "usd"),
                    "applies to metered: routes only (a subscription is not billed per call); count requests or tokens");
            return Optional.empty();
        }
        Optional<Double> limit = positiveNumber(map, measure.key(), p, measure == Measure.USD);
        Optional<Period> period = period(map, p);
        if (limit.isEmpty() || period.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(QuotaWindow.declared(measure, limit.get(), period.get()));
    }

    private Optional<Double> positiveNumber(YamlNode.MapNode map, String key, String p, boolean fractional) {
        YamlNode node = map.value(key).orElseThrow();
        String at = Fields.join(p, key);
        if (node instanceof YamlNode.Scalar s
                && (s.kind() == YamlNode.Kind.INT || fractional && s.kind() == YamlNode.Kind.FLOAT)) {
            double value = s.kind() == YamlNode.Kind.INT ? s.number() : Double.parseDouble(s.text());
            if (value > 0) {
                return Optional.of(value);
            }
        }
        problems.error(node.line(), at, fractional ? "must be a positive amount of US dollars (e.g. 5 or 2.50)"
                : "must be a positive whole number");
        return Optional.empty();
    }

    private Optional<Period> period(YamlNode.MapNode map, String p) {
        Optional<YamlNode> node = map.value("per");
        String at = Fields.join(p, "per");
        if (node.isEmpty() || !(node.get() instanceof YamlNode.Scalar s) || s.isNull()) {
            problems.error(node.map(YamlNode::line).orElse(map.line()), at,
                    "required: the window's period (5h, 1d, 7d, daily at 00:00 America/Los_Angeles, monthly on day 1)");
            return Optional.empty();
        }
        try {
            return Optional.of(Period.parse(s.text()));
        } catch (IllegalArgumentException e) {
            problems.error(s.line(), at, e.getMessage());
            return Optional.empty();
        }
    }
}
