package dev.spoon.llm;

import java.util.Locale;

/** Who speaks a {@link Message}. The wire name is the lower-case OpenAI word. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the bad role and the valid ones */
    public static Role fromWire(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wireName().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (expected system, user, assistant or tool)");
    }
}
