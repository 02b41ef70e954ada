package dev.spoon.workbench.providers;

import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.FileConfig;

import java.util.Locale;

/**
 * The one line under the API key field: where the selected provider's key comes from now, and, once the field
 * is changed, what Save will do to it (the same thing "Test connection" then tests). After a save,
 * {@link #done()} says what happened.
 *
 * @param origin   where the effective key came from when the provider was selected
 * @param required whether the provider's type needs a key
 * @param store    the key store's description ("key file ~/.local/share/spoon/keys.json"…)
 * @param envHint  the variable the environment key comes from, for {@link Origin#ENVIRONMENT}, or null
 */
record KeyNote(Origin origin, boolean required, String store, String envHint) {

    /** Where a provider's effective key comes from. */
    enum Origin { CONFIG_FILE, KEY_STORE, ENVIRONMENT, NONE }

    /**
     * The note for provider {@code effective}, whose key in the file is {@code fileKey} and in the key store
     * {@code storedKey} (each null when absent).
     */
    static KeyNote of(ProviderConfig effective, FileConfig.ProviderTable table, String fileKey, String storedKey,
                      String store) {
        String key = effective.apiKey();
        Origin origin = key == null ? Origin.NONE : key.equals(fileKey) ? Origin.CONFIG_FILE
                : key.equals(storedKey) ? Origin.KEY_STORE : Origin.ENVIRONMENT;
        String name = effective.name();
        String envHint = table != null && table.apiKeyEnv() != null ? table.apiKeyEnv()
                : ConfigurationManager.ENV_PROVIDERS.contains(name) ? name.toUpperCase(Locale.ROOT) + "_API_KEY" : null;
        return new KeyNote(origin, ConfigurationManager.KEY_REQUIRED.contains(effective.type()), store, envHint);
    }

    /** What Save does to the key. */
    enum Action { NOTHING, STORE, WRITE_TO_FILE, DELETE_STORED, REMOVE_FROM_FILE }

    /** What Save will do, given the key field ({@code typed}) and the "store in the config file" box. */
    Action action(boolean edited, String typed, boolean toFile) {
        if (!edited) {
            return Action.NOTHING;
        }
        if (typed == null || typed.isBlank()) {
            return origin == Origin.KEY_STORE ? Action.DELETE_STORED
                    : origin == Origin.CONFIG_FILE ? Action.REMOVE_FROM_FILE : Action.NOTHING;
        }
        return toFile ? Action.WRITE_TO_FILE : Action.STORE;
    }

    /** The line to show under the field. */
    String describe(Action action) {
        return switch (action) {
            case NOTHING -> now();
            case STORE -> "Save will keep the key in the " + store
                    + (origin == Origin.CONFIG_FILE ? " and remove it from the config file." : ".");
            case WRITE_TO_FILE -> "Save will write the key to the config file (plain text)"
                    + (origin == Origin.KEY_STORE ? " and delete the one stored in the " + store + "." : ".");
            case DELETE_STORED -> "Save will delete the key stored in the " + store + "; Test connection tests"
                    + " without it.";
            case REMOVE_FROM_FILE -> "Save will remove the key from the config file; Test connection tests"
                    + " without it.";
        };
    }

    /** What a save did to the key, to append to the "Saved …" message ("" when nothing). */
    String done(Action action) {
        return switch (action) {
            case NOTHING -> "";
            case STORE -> "; key saved in the " + store
                    + (origin == Origin.CONFIG_FILE ? " and removed from the config file" : "");
            case WRITE_TO_FILE -> "; key written to the config file"
                    + (origin == Origin.KEY_STORE ? " and the stored key deleted" : "");
            case DELETE_STORED -> "; stored key deleted from the " + store;
            case REMOVE_FROM_FILE -> "; key removed from the config file";
        };
    }

    private String now() {
        return switch (origin) {
            case CONFIG_FILE -> "Key: in the config file (plain text).";
            case KEY_STORE -> "Key: kept in the " + store + ".";
            case ENVIRONMENT -> "Key: from the environment" + (envHint != null ? " (" + envHint + ")" : "")
                    + "; a key saved here is kept in the " + store + " and used when that is unset.";
            case NONE -> required ? "Key: none \u2014 this provider needs one; a key saved here is kept in the "
                    + store + "." : "Key: not needed.";
        };
    }
}
