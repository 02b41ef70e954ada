package dev.spoon.cli;

import dev.spoon.llm.ProviderConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.config.UrlCheck;
import dev.spoon.llm.json.Json;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that check a flag's value while the command line is parsed, so that a bad value is a usage error
 * (exit status 2) that names the flag: picocli reports a {@link TypeConversionException} as
 * {@code Invalid value for option '--timeout': MESSAGE}. The ranges are the configuration file's.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** A number of seconds for a timeout: from 0.001 (one millisecond) to 86,400 (one day). */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double s = number(value, "a number of seconds such as 30 or 2.5");
            if (!(s >= 0.001 && s <= 86_400)) {
                throw new TypeConversionException(value + " is out of range; use more than 0 seconds (at least"
                        + " 0.001) and at most 86400");
            }
            return s;
        }
    }

    /** {@code --api}: the wire API of an OpenAI-family provider, {@code chat_completions} or {@code responses}. */
    static final class WireApi implements ITypeConverter<ProviderConfig.Api> {
        @Override
        public ProviderConfig.Api convert(String value) {
            ProviderConfig.Api api = ProviderConfig.Api.of(value.strip());
            if (api == null) {
                throw new TypeConversionException("'" + value + "' is not an API; use chat_completions or responses");
            }
            return api;
        }
    }

    /** A sampling temperature, 0 to 2. */
    static final class Temperature implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double t = number(value, "a number from 0 to 2");
            if (!(t >= 0 && t <= 2)) {
                throw new TypeConversionException(value + " is out of range; use 0 to 2");
            }
            return t;
        }
    }

    /** A token limit: a whole number from 1 to 10,000,000. */
    static final class TokenLimit implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1 || n > 10_000_000) {
                throw new TypeConversionException(value + " is out of range; use 1 to 10000000");
            }
            return (int) n;
        }
    }

    /** {@code --max-steps}: how many MCP tool calls a chat may run, 1 to 1000. */
    static final class Steps implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1 || n > 1000) {
                throw new TypeConversionException(value + " is out of range; use 1 to 1000");
            }
            return (int) n;
        }
    }

    /** An API's base URL: http or https, with a host and a valid port. */
    static final class BaseUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String problem = UrlCheck.problem(value, UrlCheck.HTTP);
            if (problem != null) {
                throw new TypeConversionException("'" + value + "' " + problem);
            }
            return value.strip();
        }
    }

    /** Text that must not be empty or only spaces (a message, a provider or model name). */
    static final class Text implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("it is empty");
            }
            return value;
        }
    }

    /** {@code --reasoning-effort}: minimal, low, medium or high. */
    static final class Effort implements ITypeConverter<ReasoningEffort> {
        @Override
        public ReasoningEffort convert(String value) {
            try {
                return ReasoningEffort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --extra-body}: a JSON object. */
    static final class ExtraBody implements ITypeConverter<ObjectNode> {
        @Override
        public ObjectNode convert(String value) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(value);
            } catch (JsonProcessingException e) {
                throw new TypeConversionException("not valid JSON (" + e.getOriginalMessage() + "); give a JSON object "
                        + "such as '{\"top_p\":0.9}'");
            }
            if (n == null || !n.isObject()) {
                throw new TypeConversionException("it must be a JSON object such as '{\"top_p\":0.9}'");
            }
            return (ObjectNode) n;
        }
    }

    /** A {@code --header NAME: VALUE}. */
    record Header(String name, String value) {
    }

    /**
     * {@code --header "NAME: VALUE"}: an HTTP header name (letters, digits and {@code !#$%&'*+-.^_`|~}) and a value
     * without line breaks. The value is a secret: no message repeats it.
     */
    static final class HeaderValue implements ITypeConverter<Header> {
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

        @Override
        public Header convert(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? "" : value.substring(0, colon).strip();
            if (colon < 0 || !NAME.matcher(name).matches()) {
                throw new TypeConversionException("expected NAME: VALUE, such as 'X-Team: blue' (the value is not "
                        + "shown here)");
            }
            String v = value.substring(colon + 1).strip();
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new TypeConversionException("the value of header " + name + " has a line break");
            }
            return new Header(name, v);
        }
    }

    private static double number(String value, String expected) {
        double d;
        try {
            d = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number; use " + expected);
        }
        if (!Double.isFinite(d)) {
            throw new TypeConversionException("'" + value + "' is not a number; use " + expected);
        }
        return d;
    }
}
