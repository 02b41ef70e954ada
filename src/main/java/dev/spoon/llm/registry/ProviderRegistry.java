package dev.spoon.llm.registry;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The provider types this process knows: discovered through {@link ServiceLoader} from classes annotated
 * with {@link Provider}, plus any registered at run time. Thread-safe.
 */
public final class ProviderRegistry {

    /** A registered provider type. */
    public record Entry(String name, Set<ProviderCapability> capabilities, String description,
                        Supplier<LlmProvider> factory) {
    }

    private static volatile ProviderRegistry global;

    private final Map<String, Entry> entries = Collections.synchronizedMap(new LinkedHashMap<>());

    /** An empty registry (tests, or embedding without discovery). */
    public ProviderRegistry() {
    }

    /**
     * The process-wide registry, discovered on first use.
     *
     * @throws IllegalStateException when two providers declare the same name
     */
    public static ProviderRegistry global() {
        ProviderRegistry r = global;
        if (r == null) {
            synchronized (ProviderRegistry.class) {
                r = global;
                if (r == null) {
                    r = discover(ProviderRegistry.class.getClassLoader());
                    global = r;
                }
            }
        }
        return r;
    }

    /**
     * Discovers every {@link LlmProvider} listed for {@link ServiceLoader} in {@code loader}.
     *
     * @throws IllegalStateException when two classes declare the same provider name, or a class lacks
     *                               its {@link Provider} annotation
     */
    public static ProviderRegistry discover(ClassLoader loader) {
        ProviderRegistry registry = new ProviderRegistry();
        ServiceLoader.load(LlmProvider.class, loader).stream().forEach(p -> {
            Class<? extends LlmProvider> type = p.type();
            registry.register(type, p::get);
        });
        return registry;
    }

    /** Registers an annotated provider class. */
    public void register(Class<? extends LlmProvider> type, Supplier<LlmProvider> factory) {
        Provider annotation = type.getAnnotation(Provider.class);
        if (annotation == null) {
            throw new IllegalStateException("provider class " + type.getName() + " has no @Provider annotation");
        }
        EnumSet<ProviderCapability> caps = EnumSet.noneOf(ProviderCapability.class);
        caps.addAll(Arrays.asList(annotation.capabilities()));
        register(annotation.name(), caps, annotation.description(), factory, type.getName());
    }

    /**
     * Registers a provider type under {@code name} at run time.
     *
     * @throws IllegalStateException when the name is taken
     */
    public void register(String name, Set<ProviderCapability> capabilities, String description,
                         Supplier<LlmProvider> factory) {
        register(name, capabilities, description, factory, "runtime registration");
    }

    private void register(String name, Set<ProviderCapability> capabilities, String description,
                          Supplier<LlmProvider> factory, String origin) {
        synchronized (entries) {
            Entry existing = entries.get(name);
            if (existing != null) {
                throw new IllegalStateException("duplicate provider name '" + name + "': declared by " + origin
                        + " and already registered; provider names must be unique");
            }
            entries.put(name, new Entry(name, Set.copyOf(capabilities), description, factory));
        }
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The registered type names, in discovery order. */
    public List<String> names() {
        synchronized (entries) {
            return new ArrayList<>(entries.keySet());
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return new ArrayList<>(entries.values());
        }
    }

    /**
     * The entry for {@code name}.
     *
     * @throws ConfigurationException naming the unknown provider and listing the known ones
     */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw unknown(name);
        }
        return e;
    }

    /** A new, uninitialized provider of type {@code name}. */
    public LlmProvider create(String name) {
        return entry(name).factory().get();
    }

    /** A new provider of the config's type, initialized with the config on its own (no listeners). */
    public LlmProvider create(ProviderConfig config) {
        return create(config, ProviderContext.none());
    }

    /** A new provider of the config's type, initialized with the config and its owner's {@code context}. */
    public LlmProvider create(ProviderConfig config, ProviderContext context) {
        LlmProvider p = create(config.type());
        p.initialize(config, context);
        return p;
    }

    public ConfigurationException unknown(String name) {
        return new ConfigurationException("Provider '" + name + "' not found. Known providers: "
                + String.join(", ", names()), name);
    }
}
