package io.harnessrouter.host.quota;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period of a quota window: a rolling span ({@code 5h}: usage of the last five hours counts)
 * or a calendar period that resets at a wall-clock time in a zone ({@code daily at 00:00
 * America/Los_Angeles}, {@code weekly on monday}, {@code monthly on day 1}).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Period {

    /** Where usage starts to count for a window evaluated at {@code now}. */
    Instant windowStart(Instant now);

    /** The next calendar reset after {@code now}; empty for a rolling window, whose usage ages out. */
    Optional<Instant> nextReset(Instant now);

    /** The longest span the window can cover, so older usage can be pruned. */
    Duration maxLength();

    /** As written in the config, normalised: {@code 5h}, {@code daily at 00:00 UTC}. */
    String describe();

    /** Usage of the last {@code length}. */
    record Rolling(Duration length) implements Period {
        @Override
        public Instant windowStart(Instant now) {
            return now.minus(length);
        }

        @Override
        public Optional<Instant> nextReset(Instant now) {
            return Optional.empty();
        }

        @Override
        public Duration maxLength() {
            return length;
        }

        @Override
        public String describe() {
            long minutes = length.toMinutes();
            if (minutes % (24 * 60) == 0) {
                return minutes / (24 * 60) + "d";
            }
            return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
        }
    }

    /** How often a calendar window resets. */
    enum Every { DAILY, WEEKLY, MONTHLY }

    /**
     * Usage since the last reset at {@code at} in {@code zone}: every day, every week on
     * {@code dayOfWeek}, or every month on {@code dayOfMonth} (the last day in shorter months).
     */
    record Calendar(Every every, LocalTime at, ZoneId zone, DayOfWeek dayOfWeek, int dayOfMonth) implements Period {
        @Override
        public Instant windowStart(Instant now) {
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime candidate = boundaryOnOrBefore(local);
            return candidate.toInstant();
        }

        @Override
        public Optional<Instant> nextReset(Instant now) {
            ZonedDateTime last = boundaryOnOrBefore(now.atZone(zone));
            ZonedDateTime next = switch (every) {
                case DAILY -> last.plusDays(1);
                case WEEKLY -> last.plusWeeks(1);
                case MONTHLY -> monthly(last.toLocalDate().plusMonths(1).withDayOfMonth(1).atStartOfDay(zone));
            };
            return Optional.of(next.toInstant());
        }

        private ZonedDateTime boundaryOnOrBefore(ZonedDateTime local) {
            ZonedDateTime b = switch (every) {
                case DAILY -> local.with(at);
                case WEEKLY -> local.with(TemporalAdjusters.previousOrSame(dayOfWeek)).with(at);
                case MONTHLY -> monthly(local);
            };
            if (b.isAfter(local)) {
                b = switch (every) {
                    case DAILY -> b.minusDays(1);
                    case WEEKLY -> b.minusWeeks(1);
                    case MONTHLY -> monthly(local.toLocalDate().withDayOfMonth(1).minusMonths(1).atStartOfDay(zone));
                };
            }
            return b;
        }

        /** The reset in the month of {@code inMonth}. */
        private ZonedDateTime monthly(ZonedDateTime inMonth) {
            int day = Math.min(dayOfMonth, inMonth.toLocalDate().lengthOfMonth());
            return inMonth.toLocalDate().withDayOfMonth(day).atTime(at).atZone(zone);
        }

        @Override
        public Duration maxLength() {
            return switch (every) {
                case DAILY -> Duration.ofHours(25);
                case WEEKLY -> Duration.ofDays(7).plusHours(1);
                case MONTHLY -> Duration.ofDays(31).plusHours(1);
            };
        }

        @Override
        public String describe() {
            String time = " at " + at + " " + zone.getId();
            return switch (every) {
                case DAILY -> "daily" + time;
                case WEEKLY -> "weekly on " + dayOfWeek.name().toLowerCase(Locale.ROOT) + time;
                case MONTHLY -> "monthly on day " + dayOfMonth + time;
            };
        }
    }

    Pattern ROLLING = Pattern.compile("(\\d{1,5})\\s*(m|min|h|d|w)");
    Pattern CALENDAR = Pattern.compile(
            "(daily|weekly on (\\p{Alpha}+)|monthly on day (\\d{1,2}))(?: at (\\d{1,2}):(\\d{2}))?(?: (\\S+))?",
            Pattern.CASE_INSENSITIVE);

    /**
     * Parses a period as the config writes it.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    static Period parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher r = ROLLING.matcher(t);
        if (r.matches()) {
            long n = Long.parseLong(r.group(1));
            Duration length = switch (r.group(2)) {
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            if (length.isZero() || length.compareTo(Duration.ofDays(31)) > 0) {
                throw new IllegalArgumentException("a rolling period must be from 1m to 31d, not \"" + text + "\"");
            }
            return new Rolling(length);
        }
        Matcher c = CALENDAR.matcher(text.strip().replaceAll("\\s+", " "));
        if (c.matches()) {
            return calendar(c);
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a period: write a rolling span (30m, 5h, 1d, 7d)"
                + " or a calendar reset (daily at 00:00 America/Los_Angeles, weekly on monday, monthly on day 1)");
    }

    private static Period calendar(Matcher m) {
        String head = m.group(1).toLowerCase(Locale.ROOT);
        LocalTime at = LocalTime.MIDNIGHT;
        if (m.group(4) != null) {
            int h = Integer.parseInt(m.group(4));
            int min = Integer.parseInt(m.group(5));
            if (h > 23 || min > 59) {
                throw new IllegalArgumentException("\"" + m.group(4) + ":" + m.group(5) + "\" is not a time of day (00:00 to 23:59)");
            }
            at = LocalTime.of(h, min);
        }
        ZoneId zone = ZoneId.of("UTC");
        if (m.group(6) != null) {
            try {
                zone = ZoneId.of(m.group(6));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("\"" + m.group(6) + "\" is not a time zone (write an IANA name such as"
                        + " America/Los_Angeles, or UTC)");
            }
        }
        if (head.equals("daily")) {
            return new Calendar(Every.DAILY, at, zone, DayOfWeek.MONDAY, 1);
        }
        if (head.startsWith("weekly")) {
            DayOfWeek day = java.util.Arrays.stream(DayOfWeek.values())
                    .filter(d -> d.name().toLowerCase(Locale.ROOT).startsWith(m.group(2).toLowerCase(Locale.ROOT))
                            && m.group(2).length() >= 3)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("\"" + m.group(2) + "\" is not a day of the week"));
            return new Calendar(Every.WEEKLY, at, zone, day, 1);
        }
        int day = Integer.parseInt(m.group(3));
        if (day < 1 || day > 31) {
            throw new IllegalArgumentException("\"day " + day + "\" is not a day of the month (1 to 31)");
        }
        return new Calendar(Every.MONTHLY, at, zone, DayOfWeek.MONDAY, day);
    }
}
