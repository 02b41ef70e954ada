package dev.spoon.llm.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rules of one key of the configuration schema, written on the component of a {@link FileConfig} record
 * that binds it. {@link ConfigValidator} reads them; nothing else restates them. A component without a rule
 * is only type-checked (its Java type says which JSON/TOML type it takes).
 */
final class Check {
    private Check() {
    }

    /** A number from {@code min} to {@code max}; with {@code minExclusive}, strictly more than {@code min}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Range {
        double min();

        double max();

        boolean minExclusive() default false;
    }

    /** One of the listed words; {@code noun} names what they are in the error ("strategy", "mode"). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface OneOf {
        String[] value();

        String noun() default "value";
    }

    /** An absolute URL with one of these schemes and a host. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Url {
        String[] value();
    }

    /** A table of HTTP headers: names are HTTP tokens (RFC 9110), values are strings without CR or LF. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface HttpHeaders {
    }

    /** A list of strings that may also be written as one comma-separated string ({@code "a, b"}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface CommaList {
    }

    /** For a free-form ({@code JsonNode}) component: the JSON node types it accepts. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Kinds {
        Kind[] value();
    }

    /** What to write instead, as a JSON value; errors show it in the file's own syntax (TOML or JSON). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Example {
        String value();
    }

    /** A provider key that is handed to the provider as-is through {@code ProviderConfig.options()}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Option {
    }

    /** JSON node types a {@link Kinds} component may take. */
    enum Kind {
        STRING("a string"), BOOLEAN("true or false"), TABLE("a table");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }
}
