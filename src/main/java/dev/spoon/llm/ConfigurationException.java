package dev.spoon.llm;

import java.nio.file.Path;

/**
 * The seed's {@code ConfigurationError}: a malformed file, a wrong type or an out-of-range value, or a
 * provider that cannot be used as configured. Names the file, the line (when known) and the key.
 */
public class ConfigurationException extends LlmException {
    private final Path file;
    private final Integer line;
    private final String key;

    public ConfigurationException(String message, String provider, Path file, Integer line, String key,
                                  Throwable cause) {
        super(compose(message, file, line, key), provider, null, null, false, null, cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public ConfigurationException(String message, String provider) {
        this(message, provider, null, null, null, null);
    }

    public ConfigurationException(String message) {
        this(message, null, null, null, null, null);
    }

    private static String compose(String message, Path file, Integer line, String key) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line != null) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (key != null) {
            sb.append("key '").append(key).append("': ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String errorType() {
        return "ConfigurationError";
    }

    public Path file() {
        return file;
    }

    public Integer line() {
        return line;
    }

    public String key() {
        return key;
    }
}
