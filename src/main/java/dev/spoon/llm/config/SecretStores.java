package dev.spoon.llm.config;

import com.github.javakeyring.Keyring;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chooses where keys live: the OS key store when it answers within a time box, else the user-only key file
 * ({@link FileSecretStore#inDataDir()}). Detection touches native code and D-Bus, so it never runs on a UI
 * thread and is done at most once per store.
 */
public final class SecretStores {
    /** How long the OS key store may take to answer the probe. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private SecretStores() {
    }

    /**
     * The OS key store if it works within {@link #PROBE_TIMEOUT}, else the key file. Blocking; set the system
     * property {@code spoon.keyring=off} to skip the OS store (portable installs, tests).
     */
    public static SecretStore detect() {
        if ("off".equalsIgnoreCase(System.getProperty("spoon.keyring"))) {
            return FileSecretStore.inDataDir();
        }
        CompletableFuture<SecretStore> probe = CompletableFuture.supplyAsync(SecretStores::probeKeyring, r -> {
            Thread t = new Thread(r, "spoon-keyring-probe");
            t.setDaemon(true);
            t.start();
        });
        try {
            return probe.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return FileSecretStore.inDataDir();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FileSecretStore.inDataDir();
        }
    }

    private static SecretStore probeKeyring() {
        try {
            Keyring k = Keyring.create();
            KeyringSecretStore store = new KeyringSecretStore(k, KeyringIndex.inDataDir());
            store.get("__spoon_probe__"); // throws when the service is not really there
            return store;
        } catch (Exception | LinkageError e) {
            return FileSecretStore.inDataDir();
        }
    }

    /**
     * The command line's store: keys from the key file, and from the OS key store only for providers the
     * {@link KeyringIndex} says have a key there. Most runs therefore never touch the OS key store (no probe,
     * no D-Bus); the first lookup that needs it detects it. Writes detect the real store first.
     */
    public static SecretStore lazy() {
        return new Lazy(FileSecretStore.inDataDir(), KeyringIndex.inDataDir(), new Deferred(false));
    }

    /** See {@link #lazy()}. */
    private record Lazy(FileSecretStore file, KeyringIndex index, Deferred real) implements SecretStore {
        @Override
        public Optional<String> get(String provider) {
            if (index.contains(provider)) {
                Optional<String> k = real.get(provider);
                if (k.isPresent()) {
                    return k;
                }
            }
            return file.get(provider);
        }

        @Override
        public void put(String provider, String key) {
            real.put(provider, key);
        }

        @Override
        public void delete(String provider) {
            real.delete(provider);
        }

        @Override
        public String description() {
            return real.ready.isDone() ? real.description() : "key file, or the OS key store for keys saved there";
        }
    }

    /**
     * A store that starts detecting right away in the background and answers "no key" until detection is
     * done (the workbench: start-up never waits on the key store). Use {@link #whenReady} to reload the
     * configuration once it can answer.
     */
    public static SecretStore deferred() {
        Deferred d = new Deferred(true);
        d.start();
        return d;
    }

    /** Runs {@code action} (on the detecting thread) once {@code store} can answer; at once for other stores. */
    public static void whenReady(SecretStore store, Runnable action) {
        if (store instanceof Deferred d) {
            d.ready.thenRun(action);
        } else {
            action.run();
        }
    }

    /** Delegates to the detected store; see {@link #lazy()} and {@link #deferred()}. */
    private static final class Deferred implements SecretStore {
        private final boolean nonBlocking;
        private final CompletableFuture<SecretStore> ready = new CompletableFuture<>();
        private boolean started;

        Deferred(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
        }

        synchronized void start() {
            if (!started) {
                started = true;
                Thread t = new Thread(() -> ready.complete(detect()), "spoon-keystore-detect");
                t.setDaemon(true);
                t.start();
            }
        }

        private SecretStore delegate() {
            if (ready.isDone()) {
                return ready.join();
            }
            if (nonBlocking) {
                return null;
            }
            start();
            return ready.join();
        }

        /** The detected store, waiting for detection (never call it on a UI thread). */
        private SecretStore await() {
            start();
            return ready.join();
        }

        @Override
        public Optional<String> get(String provider) {
            SecretStore d = delegate();
            return d == null ? Optional.empty() : d.get(provider);
        }

        @Override
        public void put(String provider, String key) {
            await().put(provider, key);
        }

        @Override
        public void delete(String provider) {
            await().delete(provider);
        }

        @Override
        public String description() {
            return ready.isDone() ? ready.join().description() : "key store (still detecting)";
        }
    }
}
