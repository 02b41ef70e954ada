package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.registry.ProviderRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spoon health}: checks every configured provider (or one) concurrently through the manager's
 * {@link dev.spoon.llm.manager.HealthMonitor}, each with a minimal real request, and prints status, latency and
 * the real error. Exit status 1 when any is unhealthy.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check configured providers: status, latency and the real error.")
public final class HealthCommand implements Callable<Integer> {
    @Option(names = {"-p", "--provider"}, converter = OptionValues.Text.class, description = "Only this provider")
    String provider;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    /** Fails with the list of known providers when {@code name} is unknown. */
    private static void cmLoad(LlmManager manager, String name) {
        manager.configuration().loadProviderConfig(name);
    }

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try (LlmManager manager = new LlmManager(ctx.configuration(config, CliOverrides.NONE),
                ProviderRegistry.global())) {
            Map<String, HealthStatus> statuses;
            if (provider != null) {
                cmLoad(manager, provider);
                statuses = new LinkedHashMap<>();
                statuses.put(provider, manager.health().check(provider).join());
            } else {
                statuses = manager.healthCheckAll();
            }
            boolean allHealthy = statuses.values().stream().allMatch(HealthStatus::healthy);
            if (json) {
                ArrayNode a = Json.MAPPER.createArrayNode();
                for (HealthStatus s : statuses.values()) {
                    ObjectNode o = a.addObject();
                    o.put("provider", s.provider());
                    o.put("healthy", s.healthy());
                    o.put("status", s.healthy() ? "healthy" : "unhealthy");
                    o.put("latency_ms", s.latencyMs());
                    o.put("error_type", s.errorType());
                    o.put("error", s.error());
                    o.put("checked_at", s.checkedAt().toString());
                }
                ctx.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a));
            } else {
                ctx.out.printf("%-14s %-10s %8s  %s%n", "PROVIDER", "STATUS", "LATENCY", "ERROR");
                for (HealthStatus s : statuses.values()) {
                    ctx.out.printf("%-14s %-10s %6d ms  %s%n", s.provider(), s.healthy() ? "healthy" : "unhealthy",
                            s.latencyMs(), s.error() == null ? "" : s.errorType() + ": " + s.error());
                }
            }
            return allHealthy ? 0 : 1;
        } catch (LlmException e) {
            return ctx.fail(e, json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
