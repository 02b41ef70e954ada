package dev.spoon.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call, described by a JSON Schema for its parameters (OpenAI's {@code function} shape).
 */
public record Tool(String name, String description, JsonNode parameters) {
}
