package io.harnessrouter.plugins.codex;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reset time in codex's usage-limit message, {@code ... or try again at 3:05 PM.} (the reset
 * falls on the local today) or {@code ... or try again at Sep 15th, 2026 3:05 PM.} (another day):
 * codex formats the reset in its local time zone with {@code %-I:%M %p}, and
 * {@code %b %-d<st|nd|rd|th>, %Y %-I:%M %p} when the day differs. A time of day alone is taken as
 * the next such time after {@code now} (at most a day ahead). {@code try again later} names none.
 *
 * <p>Stateless and thread-safe.
 */
final class CodexResetTime {

    private static final Pattern TRY_AGAIN_AT = Pattern.compile(
            "\\btry again at\\s+(?:([A-Z][a-z]{2}) (\\d{1,2})(?:st|nd|rd|th)?, (\\d{4}) )?(\\d{1,2}:\\d{2}\\s*[AaPp][Mm])",
            Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d yyyy", Locale.ROOT);

    private CodexResetTime() {
    }

    /** The instant the text's "try again at …" names, in {@code zone}; empty when it names none. */
    static Optional<Instant> parse(String text, Instant now, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN_AT.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            LocalTime time = LocalTime.parse(m.group(4).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")
                    .replaceAll("(\\d)([AP]M)", "$1 $2"), TIME);
            if (m.group(1) != null) {
                String month = m.group(1).substring(0, 1).toUpperCase(Locale.ROOT)
                        + m.group(1).substring(1).toLowerCase(Locale.ROOT);
                LocalDate date = LocalDate.parse(month + " " + m.group(2) + " " + m.group(3), DATE);
                return Optional.of(ZonedDateTime.of(LocalDateTime.of(date, time), zone).toInstant());
            }
            ZonedDateTime today = ZonedDateTime.of(LocalDateTime.of(now.atZone(zone).toLocalDate(), time), zone);
            Instant at = today.toInstant();
            return Optional.of(at.isBefore(now) ? today.plusDays(1).toInstant() : at);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
