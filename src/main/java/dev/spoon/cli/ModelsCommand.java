package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code spoon models -p P}: the models a provider offers (its live list where the API has one). */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List a provider's available models.")
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = {"-p", "--provider"}, converter = OptionValues.Text.class,
            description = "Provider instance (default: the default provider)")
    String provider;
    @Option(names = "--base-url", converter = OptionValues.BaseUrl.class,
            description = "Base URL of the provider's API (http or https)")
    String baseUrl;
    @Option(names = "--api-key", description = "API key")
    String apiKey;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try (LlmManager manager = ctx.manager(ctx.configuration(config, provider,
                target -> new CliOverrides(target, null, baseUrl, apiKey, null, null, null, null, null),
                baseUrl != null || apiKey != null), null)) {
            ConfigurationManager cm = manager.configuration();
            String target = provider != null ? provider : cm.defaultProvider();
            List<String> models = LlmProvider.await(manager.provider(target).listModels());
            if (json) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("provider", target);
                ArrayNode a = o.putArray("models");
                models.forEach(a::add);
                ctx.out.println(Json.write(o));
            } else {
                models.forEach(ctx.out::println);
            }
            return 0;
        } catch (LlmException e) {
            return ctx.fail(e, json);
        }
    }
}
