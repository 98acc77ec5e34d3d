package io.harnessrouter.host.config;

import io.harnessrouter.host.quota.Price;
import io.harnessrouter.host.quota.SpendCap;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads the money keys: a metered route's {@code price:} and {@code spend_cap:}, and
 * {@code routing.spend_cap:}.
 *
 * <pre>
 * price: {input_per_mtok: 3.00, output_per_mtok: 15.00}
 * spend_cap: {daily_usd: 5, monthly_usd: 50}
 *
 * routing:
 *   spend_cap: {daily_usd: 20, monthly_usd: 200, zone: America/Los_Angeles}
 * </pre>
 *
 * Problems name the file, line and field; a broken value is dropped and the rest kept. Not
 * thread-safe: one per load.
 */
final class SpendBlock {

    static final List<String> PRICE_KEYS = List.of("input_per_mtok", "output_per_mtok");
    static final List<String> CAP_KEYS = List.of("daily_usd", "monthly_usd", "zone");
    private static final String PRICE_SHAPE = "must be a map like {input_per_mtok: 3.00, output_per_mtok: 15.00}"
            + " (US dollars per million tokens)";
    private static final String CAP_SHAPE = "must be a map like {daily_usd: 5, monthly_usd: 50}";
    private static final String DOLLARS_PER_MTOK = "must be a number not below 0 (US dollars per million tokens)";
    private static final String DOLLARS = "must be a positive amount of US dollars (e.g. 5 or 2.50)";

    private final Fields fields;
    private final Problems problems;

    SpendBlock(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** {@code price:}; both keys are required, so a half-written price is not read as $0. */
    Optional<Price> price(YamlNode.MapNode route, String path) {
        Optional<YamlNode> node = route.value("price");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String at = Fields.join(path, "price");
        if (!(node.get() instanceof YamlNode.MapNode map)) {
            problems.error(node.get().line(), at, PRICE_SHAPE);
            return Optional.empty();
        }
        fields.warnUnknownKeys(map, at, PRICE_KEYS, Map.of(), "unknown key, ignored");
        OptionalDouble in = amount(map, "input_per_mtok", at, true, DOLLARS_PER_MTOK);
        OptionalDouble out = amount(map, "output_per_mtok", at, true, DOLLARS_PER_MTOK);
        if (in.isEmpty() || out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Price(in.getAsDouble(), out.getAsDouble()));
    }

    /** {@code spend_cap:} of a route ({@code path} the route) or of {@code routing} ({@code path} "routing"). */
    SpendCap cap(YamlNode.MapNode owner, String path) {
        Optional<YamlNode> node = owner.value("spend_cap");
        if (node.isEmpty()) {
            return SpendCap.NONE;
        }
        String at = Fields.join(path, "spend_cap");
        if (!(node.get() instanceof YamlNode.MapNode map)) {
            problems.error(node.get().line(), at, CAP_SHAPE);
            return SpendCap.NONE;
        }
        fields.warnUnknownKeys(map, at, CAP_KEYS, Map.of(), "unknown key, ignored");
        OptionalDouble daily = map.has("daily_usd") ? amount(map, "daily_usd", at, false, DOLLARS) : OptionalDouble.empty();
        OptionalDouble monthly = map.has("monthly_usd")
                ? amount(map, "monthly_usd", at, false, DOLLARS) : OptionalDouble.empty();
        if (!map.has("daily_usd") && !map.has("monthly_usd")) {
            problems.error(map.line(), at, "names no cap: give daily_usd:, monthly_usd: or both");
        }
        return new SpendCap(daily, monthly, zone(map, at));
    }

    private Optional<ZoneId> zone(YamlNode.MapNode map, String at) {
        Optional<String> text = fields.string(map, "zone", at);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(text.get().strip()));
        } catch (DateTimeException e) {
            problems.error(map.value("zone").orElseThrow().line(), Fields.join(at, "zone"), "\"" + text.get()
                    + "\" is not a time zone (write an IANA name such as America/Los_Angeles, or UTC)");
            return Optional.empty();
        }
    }

    /** A required number: at least 0 when {@code zeroAllowed}, else above 0. */
    private OptionalDouble amount(YamlNode.MapNode map, String key, String at, boolean zeroAllowed, String message) {
        Optional<YamlNode> node = map.value(key);
        String p = Fields.join(at, key);
        if (node.isEmpty()) {
            problems.error(map.line(), p, "required: " + message.replace("must be ", ""));
            return OptionalDouble.empty();
        }
        if (node.get() instanceof YamlNode.Scalar s
                && (s.kind() == YamlNode.Kind.INT || s.kind() == YamlNode.Kind.FLOAT)) {
            double value = number(s.text());
            if (Double.isFinite(value) && (zeroAllowed ? value >= 0 : value > 0)) {
                return OptionalDouble.of(value);
            }
        }
        problems.error(node.get().line(), p, message);
        return OptionalDouble.empty();
    }

    /** The number a YAML int or float spells; NaN for what Java does not read ({@code .inf}). */
    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
