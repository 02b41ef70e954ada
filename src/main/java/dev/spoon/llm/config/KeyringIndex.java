package dev.spoon.llm.config;

import dev.spoon.llm.io.SecureFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names (never the keys) of providers whose key is in the OS key store: {@code keyring-index.json} in the
 * data folder. Lets a command-line run skip the OS key store entirely when no key it needs lives there.
 * Thread-safe; a missing or unreadable file means "none".
 */
public final class KeyringIndex {
    private final Path file;
    private Set<String> names;

    public KeyringIndex(Path file) {
        this.file = file;
    }

    public static KeyringIndex inDataDir() {
        return new KeyringIndex(SpoonPaths.dataDir().resolve("keyring-index.json"));
    }

    public synchronized boolean contains(String provider) {
        return load().contains(provider);
    }

    synchronized void add(String provider) {
        if (load().add(provider)) {
            save();
        }
    }

    synchronized void remove(String provider) {
        if (load().remove(provider)) {
            save();
        }
    }

    private Set<String> load() {
        if (names == null) {
            names = new TreeSet<>();
            try {
                if (Files.exists(file)) {
                    JsonNode n = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
                    if (n != null && n.isArray()) {
                        n.forEach(x -> names.add(x.asText()));
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // unreadable: treat as empty; the key store itself is still authoritative
            }
        }
        return names;
    }

    private void save() {
        try {
            ArrayNode a = Json.MAPPER.createArrayNode();
            names.forEach(a::add);
            SecureFiles.writeAtomically(file, a.toString());
        } catch (IOException ignored) {
            // the index is only an optimisation for the command line; the key itself is stored
        }
    }
}
