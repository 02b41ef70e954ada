package dev.spoon.llm.config;

import dev.spoon.llm.io.SecureFiles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keys in a JSON file readable only by the user ({@code keys.json} in the data folder, POSIX mode 600), for
 * machines without a working OS key store. The file maps provider instance names to keys. Thread-safe; the
 * file is read on first use and rewritten atomically on every change.
 */
public final class FileSecretStore implements SecretStore {
    private final Path file;
    private Map<String, String> keys;

    public FileSecretStore(Path file) {
        this.file = file;
    }

    /** The default file: {@code keys.json} in {@link SpoonPaths#dataDir()}. */
    public static FileSecretStore inDataDir() {
        return new FileSecretStore(SpoonPaths.dataDir().resolve("keys.json"));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> get(String provider) {
        return Optional.ofNullable(load().get(provider));
    }

    /** @throws ConfigurationException when the file cannot be written */
    @Override
    public synchronized void put(String provider, String key) {
        Map<String, String> next = new LinkedHashMap<>(load());
        next.put(provider, key);
        save(next);
    }

    @Override
    public synchronized void delete(String provider) {
        if (load().containsKey(provider)) {
            Map<String, String> next = new LinkedHashMap<>(load());
            next.remove(provider);
            save(next);
        }
    }

    @Override
    public String description() {
        return "key file " + file + " (readable only by you)";
    }

    private Map<String, String> load() {
        if (keys == null) {
            Map<String, String> m = new LinkedHashMap<>();
            if (Files.exists(file)) {
                try {
                    var tree = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
                    if (tree != null && tree.isObject()) {
                        for (var e : tree.properties()) {
                            if (e.getValue().isTextual()) {
                                m.put(e.getKey(), e.getValue().asText());
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new ConfigurationException("cannot read the key file: " + e.getMessage()
                            + ". Fix or delete it.", null, file, null, null, e);
                }
            }
            keys = m;
        }
        return keys;
    }

    private void save(Map<String, String> next) {
        try {
            ObjectNode o = Json.MAPPER.createObjectNode();
            next.forEach(o::put);
            SecureFiles.writeAtomically(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            keys = next;
        } catch (IOException e) {
            throw new ConfigurationException("cannot write the key file: " + e.getMessage()
                    + ". Check that the folder is writable.", null, file, null, null, e);
        }
    }
}
