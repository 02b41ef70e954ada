package dev.spoon.cli;

import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.UrlCheck;
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
