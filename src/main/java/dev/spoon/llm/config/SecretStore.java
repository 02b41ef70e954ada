package dev.spoon.llm.config;

import java.util.Optional;

/**
 * Where API keys live outside the configuration file (the OS key store, or a user-only file). Keys are
 * stored per provider instance name. Implementations must never log key values.
 */
public interface SecretStore {
    SecretStore NONE = new SecretStore() {
        @Override
        public Optional<String> get(String provider) {
            return Optional.empty();
        }

        @Override
        public void put(String provider, String key) {
            throw new UnsupportedOperationException("no key store configured");
        }

        @Override
        public void delete(String provider) {
        }

        @Override
        public String description() {
            return "none";
        }
    };

    Optional<String> get(String provider);

    void put(String provider, String key);

    void delete(String provider);

    /** What backs this store, for the UI ("OS key store (Secret Service)", "file ~/.local/share/…"). */
    String description();
}
