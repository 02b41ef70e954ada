package dev.spoon.llm.registry;

import dev.spoon.llm.ProviderCapability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an {@link dev.spoon.llm.LlmProvider} implementation under a provider type name (the seed's
 * {@code @register_provider}). The class must also be listed in
 * {@code META-INF/services/dev.spoon.llm.LlmProvider}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Provider {
    /** The type name used in configuration and on the command line. */
    String name();

    ProviderCapability[] capabilities() default {ProviderCapability.CHAT};

    /** A short human description. */
    String description() default "";
}
