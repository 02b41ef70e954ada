package dev.spoon.llm.http;

import okhttp3.Headers;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a provider asked us to wait: the {@code retry-after-ms} header (OpenAI), the standard
 * {@code Retry-After} header (seconds or an HTTP date), or a hint inside an error message or body
 * ({@code "Please try again in 20s"}, Gemini's {@code RetryInfo.retryDelay = "20s"}).
 */
public final class RetryAfter {
    private static final Pattern DURATION = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRY_AGAIN = Pattern.compile(
            "(?:try again|retry) in\\s+(?:about\\s+)?(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|sec(?:ond)?s?|m|min(?:ute)?s?)\\b",
            Pattern.CASE_INSENSITIVE);

    private RetryAfter() {
    }

    /** The wait asked for by the response headers, or null when they ask for none. */
    public static Duration fromHeaders(Headers headers, Clock clock) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.trim());
                if (v >= 0) {
                    return Duration.ofMillis((long) Math.ceil(v));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = headers.get("retry-after");
        if (ra == null || ra.isBlank()) {
            return null;
        }
        String v = ra.trim();
        try {
            double s = Double.parseDouble(v);
            return s < 0 ? null : Duration.ofMillis((long) Math.ceil(s * 1000));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static Duration fromHeaders(Headers headers) {
        return fromHeaders(headers, Clock.systemUTC());
    }

    /**
     * A protobuf-style duration such as {@code "20s"}, {@code "1.5s"}, {@code "300ms"}, or plain seconds;
     * null when {@code text} is not one.
     */
    public static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return toDuration(Double.parseDouble(m.group(1)), m.group(2));
    }

    /** A "try again in 20s" hint inside a provider's message, or null. */
    public static Duration fromMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return null;
        }
        return toDuration(Double.parseDouble(m.group(1)), m.group(2));
    }

    private static Duration toDuration(double value, String unit) {
        String u = unit == null ? "s" : unit.toLowerCase(Locale.ROOT);
        double ms;
        if (u.startsWith("ms") || u.startsWith("milli")) {
            ms = value;
        } else if (u.equals("m") || u.startsWith("min")) {
            ms = value * 60_000;
        } else if (u.equals("h")) {
            ms = value * 3_600_000;
        } else {
            ms = value * 1000;
        }
        return Duration.ofMillis((long) Math.ceil(ms));
    }
}
