package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.tokens.TokenCount;
import dev.spoon.llm.tokens.TokenCounter;
import picocli.CommandLine.Command;

/**
 * {@code spoon tokens}: the prompt tokens the request {@code spoon chat} would send with the same flags, counted
 * here without sending anything: {@code {"prompt_tokens": N, "method": "exact"|"estimate"}} (DESIGN.md "Request
 * features beyond text"), with or without {@code --json}. Exact for OpenAI models and the simulator, a labelled
 * estimate elsewhere ({@link TokenCounter}). Takes every flag of {@code chat} (it extends it); the ones about
 * sending ({@code --stream}, {@code --fallback}, {@code --timeout}…) are accepted and change nothing.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Count the prompt tokens of a chat request without sending it (same flags as chat).")
public final class TokensCommand extends ChatCommand {

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try {
            ChatRequest request = buildRequest();
            ConfigurationManager cm = configuration(ctx);
            ProviderConfig pc = cm.loadProviderConfig(provider != null ? provider : cm.defaultProvider());
            TokenCount count = TokenCounter.shared().count(request, pc);
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("prompt_tokens", count.promptTokens());
            out.put("method", count.method().key());
            ctx.out.println(Json.write(out));
            return 0;
        } catch (LlmException e) {
            return ctx.fail(e, json);
        }
    }
}
