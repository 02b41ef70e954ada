package dev.spoon.llm.config;

import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.spoon.llm.ConfigurationException;

import java.util.Optional;

/**
 * Keys in the operating system's key store (Secret Service / KWallet on Linux, Keychain on macOS, Credential
 * Manager on Windows) through java-keyring, under service {@value #SERVICE} and the provider instance name as
 * the account. Create it with {@link SecretStores#detect}, which checks that the store answers.
 *
 * <p>Which providers have a key here is also noted, by name only, in {@link KeyringIndex}, so a command-line
 * run can tell without touching the key store whether it needs to ask it.
 */
public final class KeyringSecretStore implements SecretStore {
    /** The service name the keys are stored under. */
    public static final String SERVICE = "spoon-workbench";

    private final Keyring keyring;
    private final KeyringIndex index;

    KeyringSecretStore(Keyring keyring, KeyringIndex index) {
        this.keyring = keyring;
        this.index = index;
    }

    @Override
    public Optional<String> get(String provider) {
        try {
            String v = keyring.getPassword(SERVICE, provider);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        } catch (PasswordAccessException e) {
            return Optional.empty(); // no such entry
        }
    }

    /** @throws ConfigurationException when the key store refuses the write (message never contains the key) */
    @Override
    public void put(String provider, String key) {
        try {
            keyring.setPassword(SERVICE, provider, key);
            index.add(provider);
        } catch (PasswordAccessException | RuntimeException e) {
            throw new ConfigurationException("the OS key store refused to save the key for '" + provider + "': "
                    + e.getClass().getSimpleName(), provider);
        }
    }

    @Override
    public void delete(String provider) {
        try {
            keyring.deletePassword(SERVICE, provider);
        } catch (PasswordAccessException | RuntimeException ignored) {
            // nothing stored
        }
        index.remove(provider);
    }

    @Override
    public String description() {
        return "OS key store (" + keyring.getKeyringStorageType() + ")";
    }
}
