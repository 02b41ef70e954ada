package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.io.SecureFiles;
import dev.spoon.llm.registry.ProviderRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The user's configuration (DESIGN.md "Configuration"): loads, reloads and edits it, and tells listeners.
 *
 * <p>Precedence: command-line override &gt; environment &gt; file &gt; key store (keys only) &gt; built-in
 * default. The file is {@code --config FILE}, else {@code $SPOON_CONFIG}, else {@code config.toml} or
 * {@code config.json} in the user's config folder ({@link ConfigLocation}). Loading reads the file
 * ({@link ConfigDocument}), checks it against the one schema ({@link ConfigValidator}, {@link FileConfig}) and
 * overlays environment, flags and key store ({@link ConfigResolver}). A malformed file, a wrong type or an
 * out-of-range value throws {@link ConfigurationException} naming the file, line and key; an unknown key is
 * only a warning, naming the closest known key. Changes go through {@link #edit}. Thread-safe.
 */
public final class ConfigurationManager {

    /** Built-in provider instances that exist without any configuration. */
    public static final List<String> BUILT_IN = List.of(
            "openai", "openrouter", "deepseek", "anthropic", "gemini", "ollama", "lmstudio", "sim");
    /** Providers whose settings come from {@code P_API_KEY}, {@code P_MODEL}… variables. */
    public static final List<String> ENV_PROVIDERS = List.of(
            "openai", "openrouter", "deepseek", "anthropic", "gemini", "ollama", "lmstudio");
    /**
     * Provider types that are servers on this machine by default (Ollama, LM Studio): they need no key, so
     * only being set up by the user or running makes them configured ({@link #isConfigured(SpoonConfig,
     * ProviderConfig, boolean)}).
     */
    public static final Set<String> LOCAL_SERVERS = Set.of("ollama", "lmstudio");
    /** Provider types that cannot work without an API key. */
    public static final Set<String> KEY_REQUIRED = Set.of("openai", "openrouter", "deepseek", "anthropic", "gemini");
    /** The load-balancing strategies {@code load_balancing} accepts. */
    public static final List<String> LOAD_BALANCING = ConfigSchema.choices(FileConfig.class, "load_balancing");

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)^\\s*(|your[-_ a-z]*|.*your[-_ ]?api[-_ ]?key.*|sk-(x{3,}|\\.{3}|…).*|<.*>|x{3,}|\\.{3}|…|changeme"
                    + "|change[-_]me|placeholder|none|null|todo|tbd|api[-_]?key|\\$\\{.*}|\\*+)\\s*$");

    private final ConfigLocation location;
    private final Map<String, String> env;
    private final CliOverrides overrides;
    private final SecretStore secrets;
    private final Collection<String> providerTypes;
    private final List<Consumer<SpoonConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile Loaded current;

    /** One load: the file as read, as typed records, and the effective configuration. */
    private record Loaded(ConfigDocument document, FileConfig file, SpoonConfig config) {
    }

    /**
     * @param explicitFile  the {@code --config} file, or null
     * @param env           the environment to read (the real one, or a map in tests)
     * @param overrides     command-line overrides
     * @param secrets       where stored keys live
     * @param providerTypes the provider types a {@code type} may name, or null to accept any
     * @throws ConfigurationException when the file is malformed or invalid, or {@code explicitFile} is missing
     */
    public ConfigurationManager(Path explicitFile, Map<String, String> env, CliOverrides overrides,
                                SecretStore secrets, Collection<String> providerTypes) {
        this.location = new ConfigLocation(explicitFile, Map.copyOf(env));
        this.env = Map.copyOf(env);
        this.overrides = overrides == null ? CliOverrides.NONE : overrides;
        this.secrets = secrets == null ? SecretStore.NONE : secrets;
        this.providerTypes = providerTypes == null ? null : List.copyOf(providerTypes);
        reload();
    }

    /** A manager whose provider types are those of {@link ProviderRegistry#global()}. */
    public ConfigurationManager(Path explicitFile, Map<String, String> env, CliOverrides overrides,
                                SecretStore secrets) {
        this(explicitFile, env, overrides, secrets, ProviderRegistry.global().names());
    }

    /** The real environment and default file, no overrides, no key store. */
    public ConfigurationManager() {
        this(null, System.getenv(), CliOverrides.NONE, SecretStore.NONE);
    }

    /** The effective configuration. */
    public SpoonConfig config() {
        return current.config();
    }

    /** The file as written (no defaults, environment, flags or stored keys), as typed records. */
    public FileConfig fileConfig() {
        return current.file();
    }

    public List<String> warnings() {
        return current.config().warnings();
    }

    public SecretStore secretStore() {
        return secrets;
    }

    /** The file this manager reads and writes (it may not exist yet). */
    public Path file() {
        return location.file();
    }

    /** The default provider: command line, then {@code DEFAULT_LLM_PROVIDER}, then the file, then {@code sim}. */
    public String defaultProvider() {
        return config().defaultProvider();
    }

    /**
     * The effective settings of provider instance {@code name}.
     *
     * @throws ConfigurationException when no such instance exists, listing the known ones
     */
    public ProviderConfig loadProviderConfig(String name) {
        return providerOf(config(), name);
    }

    /** Whether {@code pc} has what it needs to make a request (a real key where its type requires one). */
    public static boolean isConfigured(ProviderConfig pc) {
        return !KEY_REQUIRED.contains(pc.type()) || pc.hasApiKey();
    }

    /**
     * Whether instance {@code pc} of {@code cfg} counts as configured where providers are listed
     * ({@code spoon providers}, the Providers pane): it {@linkplain #isConfigured(ProviderConfig) can make
     * requests}, and when it is a {@linkplain #LOCAL_SERVERS local server} that the user did not
     * {@linkplain SpoonConfig#isSetUp set up}, a server answers at its address ({@code running}). A default
     * Ollama or LM Studio entry with nothing listening is not configured.
     */
    public static boolean isConfigured(SpoonConfig cfg, ProviderConfig pc, boolean running) {
        if (!isConfigured(pc)) {
            return false;
        }
        return !LOCAL_SERVERS.contains(pc.type()) || cfg.isSetUp(pc.name()) || running;
    }

    /** Whether {@code pc} is a local server the user did not set up, so running decides (see above). */
    public static boolean dependsOnRunning(SpoonConfig cfg, ProviderConfig pc) {
        return LOCAL_SERVERS.contains(pc.type()) && !cfg.isSetUp(pc.name());
    }

    /** Whether {@code key} is a placeholder such as {@code your_api_key}, {@code sk-xxx…} or {@code <key>}. */
    public static boolean isPlaceholder(String key) {
        return key == null || PLACEHOLDER.matcher(key).matches();
    }

    /**
     * What is wrong with {@code text}, typed in a form, as the value of provider key {@code key} (such as
     * {@code temperature} or {@code base_url}), by the same rules as the file; null when it is fine or blank.
     *
     * @throws IllegalArgumentException when {@code key} is not a provider key
     */
    public static String checkProviderValue(String key, String text) {
        return text == null || text.isBlank() ? null
                : ConfigValidator.textProblem(FileConfig.ProviderTable.class, key, text.strip());
    }

    /** What is wrong with HTTP header {@code name} set to {@code value} (the file's rules), or null. */
    public static String checkHeader(String name, String value) {
        return ConfigValidator.headerProblem(name, value);
    }

    public void addListener(Consumer<SpoonConfig> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<SpoonConfig> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads the file and environment again and notifies listeners.
     *
     * @throws ConfigurationException when the file is malformed or invalid; the previous config stays
     */
    public synchronized SpoonConfig reload() {
        Path file = location.file();
        ConfigDocument doc;
        if (Files.exists(file)) {
            doc = ConfigDocument.read(file);
        } else if (location.isExplicit()) {
            throw new ConfigurationException("configuration file not found. Check the --config path.", null,
                    file, null, null, null);
        } else {
            doc = ConfigDocument.none();
        }
        Loaded loaded = load(doc, secrets);
        current = loaded;
        for (Consumer<SpoonConfig> l : listeners) {
            try {
                l.accept(loaded.config());
            } catch (RuntimeException ignored) {
                // a failing listener never breaks a reload
            }
        }
        return loaded.config();
    }

    /**
     * Applies {@code change} to the user's file and key store: validates the result first (nothing is written
     * when it is invalid), changes stored keys, writes the file atomically and user-only (TOML or JSON after
     * its extension; comments are not kept, keys and values are), reloads and notifies listeners. The file is
     * not written when only stored keys change.
     *
     * @return the new effective configuration
     * @throws ConfigurationException when the edited configuration is invalid or cannot be written
     */
    public synchronized SpoonConfig edit(Consumer<ConfigEdit> change) {
        ObjectNode before = current.document().tree();
        ConfigEdit edit = new ConfigEdit(before.deepCopy());
        change.accept(edit);
        Path file = location.file();
        load(ConfigDocument.unsaved(file, edit.tree()), new PendingKeys(secrets, edit.storedKeys()));
        edit.storedKeys().forEach((provider, key) -> {
            if (key == null) {
                secrets.delete(provider);
            } else {
                secrets.put(provider, key);
            }
        });
        if (!edit.tree().equals(before)) {
            try {
                SecureFiles.writeAtomically(file, ConfigDocument.format(file, edit.tree()));
            } catch (IOException e) {
                throw new ConfigurationException("cannot write the configuration file: " + e.getMessage(), null,
                        file, null, null, e);
            }
        }
        return reload();
    }

    /**
     * The effective configuration {@link #edit} would produce with {@code change} (stored key changes
     * included), without writing anything: what "Test connection" tests before "Save".
     *
     * @throws ConfigurationException when the edited configuration is invalid
     */
    public SpoonConfig preview(Consumer<ConfigEdit> change) {
        Loaded now = current;
        ConfigEdit edit = new ConfigEdit(now.document().tree().deepCopy());
        change.accept(edit);
        return load(ConfigDocument.unsaved(location.file(), edit.tree()), new PendingKeys(secrets, edit.storedKeys()))
                .config();
    }

    /** The provider {@code name} of {@code cfg}, or an error listing the known ones. */
    public static ProviderConfig providerOf(SpoonConfig cfg, String name) {
        ProviderConfig pc = cfg.providers().get(name);
        if (pc == null) {
            throw new ConfigurationException("Provider '" + name + "' not found. Known providers: "
                    + String.join(", ", cfg.providers().keySet()), name);
        }
        return pc;
    }

    private Loaded load(ConfigDocument doc, SecretStore keys) {
        List<String> warnings = ConfigValidator.validate(doc, providerTypes);
        FileConfig file = ConfigSchema.bind(doc.tree());
        return new Loaded(doc, file, new ConfigResolver(env, overrides, keys).resolve(doc, file, warnings));
    }

    /** The key store as it will be after an edit's key changes (read-only). */
    private record PendingKeys(SecretStore store, Map<String, String> changes) implements SecretStore {
        @Override
        public Optional<String> get(String provider) {
            return changes.containsKey(provider) ? Optional.ofNullable(changes.get(provider)) : store.get(provider);
        }

        @Override
        public void put(String provider, String key) {
            throw new UnsupportedOperationException("a preview changes nothing");
        }

        @Override
        public void delete(String provider) {
            throw new UnsupportedOperationException("a preview changes nothing");
        }

        @Override
        public String description() {
            return store.description();
        }
    }
}
