package dev.spoon.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/models}: every configured provider's models as {@code provider/model}, in OpenAI's list
 * format. Each provider's live list is asked for concurrently (at most 5 s); a provider whose list fails or
 * is slow contributes its configured model instead, so the answer never waits on one broken provider.
 */
final class ModelListing {
    private static final long LIST_TIMEOUT_S = 5;

    private ModelListing() {
    }

    static CompletableFuture<String> list(LlmManager manager, ConfigurationManager configuration) {
        List<CompletableFuture<List<String>>> lists = new ArrayList<>();
        for (Map.Entry<String, ProviderConfig> e : configuration.config().providers().entrySet()) {
            if (ConfigurationManager.isConfigured(e.getValue())) {
                lists.add(modelsOf(manager, e.getKey()));
            }
        }
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            for (CompletableFuture<List<String>> f : lists) {
                for (String id : f.join()) {
                    data.addObject().put("id", id).put("object", "model").put("created", 0)
                            .put("owned_by", id.substring(0, id.indexOf('/')));
                }
            }
            return root.toString();
        });
    }

    private static CompletableFuture<List<String>> modelsOf(LlmManager manager, String name) {
        LlmProvider p;
        try {
            p = manager.provider(name);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> configured = p.metadata().availableModels();
        CompletableFuture<List<String>> live;
        try {
            live = p.listModels();
        } catch (RuntimeException e) {
            live = CompletableFuture.failedFuture(e);
        }
        return live.orTimeout(LIST_TIMEOUT_S, TimeUnit.SECONDS)
                .exceptionally(e -> configured)
                .thenApply(models -> {
                    List<String> out = new ArrayList<>();
                    for (String m : models.isEmpty() ? configured : models) {
                        if (!m.equals("*")) {
                            out.add(name + "/" + m);
                        }
                    }
                    return out;
                });
    }
}
