package dev.spoon.workbench;

/**
 * The request parameters a user types into a pane (temperature, max tokens), read from the text field as
 * typed. A blank field means "the provider's default"; anything else is either a valid value or a problem
 * that says what is wrong, so a pane can refuse to send instead of silently dropping what the user typed.
 */
public final class RequestParameters {
    /** Temperatures the providers accept. */
    public static final double MAX_TEMPERATURE = 2.0;

    private RequestParameters() {
    }

    /**
     * A field's value, or why it has none.
     *
     * @param value   the parsed value, or null (blank field, or a problem)
     * @param problem what is wrong with the text, or null when it is fine (blank is fine)
     */
    public record Parsed<T>(T value, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A temperature from 0 to {@value #MAX_TEMPERATURE}, or blank. */
    public static Parsed<Double> temperature(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return new Parsed<>(null, null);
        }
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && v <= MAX_TEMPERATURE && !Double.isNaN(v)) {
                return new Parsed<>(v, null);
            }
        } catch (NumberFormatException ignored) {
            // the problem below says what is expected
        }
        return new Parsed<>(null, "Temperature '" + s + "' is not a number from 0 to 2: fix it or clear the field"
                + " to use the provider's default");
    }

    /** A whole number of at least 1, or blank. */
    public static Parsed<Integer> maxTokens(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return new Parsed<>(null, null);
        }
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) {
                return new Parsed<>(v, null);
            }
        } catch (NumberFormatException ignored) {
            // the problem below says what is expected
        }
        return new Parsed<>(null, "Max tokens '" + s + "' is not a whole number of at least 1: fix it or clear the"
                + " field to use the provider's default");
    }

    /** The text a field shows for {@code value} (blank for null). */
    public static String text(Number value) {
        return value == null ? "" : value.toString();
    }
}
