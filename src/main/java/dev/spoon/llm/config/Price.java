package dev.spoon.llm.config;

/** Price of a model in US dollars per million tokens ({@code [prices."model"]} in the config). */
public record Price(double inputPerMillion, double outputPerMillion) {
    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
    }
}
