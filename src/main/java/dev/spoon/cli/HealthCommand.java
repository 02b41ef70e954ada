package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spoon health}: checks every configured provider (or one) concurrently through the manager's
 * {@link dev.spoon.llm.manager.HealthMonitor}, each with a minimal real request, and prints status, latency and
 * the real error. A local server (Ollama, LM Studio, an endpoint on this machine) that refuses the connection
 * is "not running": not started, which is not a fault.
 *
 * <p>Exit status: without {@code -p}, 1 when any provider is unhealthy (local servers not running do not
 * count, so a fresh machine exits 0); with {@code -p NAME}, 0 only when that provider answered. With
 * {@code --json}, one object per provider: {@code provider}, {@code healthy}, {@code status} ({@code healthy},
 * {@code unhealthy} or {@code not_running}), {@code latency_ms}, {@code error_type}, {@code error},
 * {@code checked_at}.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check configured providers: status, latency and the real error.",
                "Exit status 1 when a provider is unhealthy (a local server that is not running is not a fault);"
                        + " with -p, 1 unless that provider answered."})
public final class HealthCommand implements Callable<Integer> {
    @Option(names = {"-p", "--provider"}, description = "Only this provider")
    String provider;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try (LlmManager manager = ctx.manager(ctx.configuration(config, CliOverrides.NONE), null)) {
            Map<String, HealthStatus> statuses;
            if (provider != null) {
                manager.configuration().loadProviderConfig(provider); // an unknown name lists the known ones
                statuses = new LinkedHashMap<>();
                statuses.put(provider, manager.health().check(provider).join());
            } else {
                statuses = manager.healthCheckAll();
            }
            if (json) {
                ArrayNode a = Json.MAPPER.createArrayNode();
                for (HealthStatus s : statuses.values()) {
                    ObjectNode o = a.addObject();
                    o.put("provider", s.provider());
                    o.put("healthy", s.healthy());
                    o.put("status", s.state().name().toLowerCase(Locale.ROOT));
                    o.put("latency_ms", s.latencyMs());
                    o.put("error_type", s.errorType());
                    o.put("error", s.error());
                    o.put("checked_at", s.checkedAt().toString());
                }
                ctx.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a));
            } else {
                ctx.out.printf("%-14s %-12s %8s  %s%n", "PROVIDER", "STATUS", "LATENCY", "ERROR");
                for (HealthStatus s : statuses.values()) {
                    ctx.out.printf("%-14s %-12s %6d ms  %s%n", s.provider(), s.state().word(), s.latencyMs(),
                            detail(manager, s));
                }
            }
            boolean ok = provider != null ? statuses.values().stream().allMatch(HealthStatus::healthy)
                    : statuses.values().stream().noneMatch(HealthStatus::failed);
            return ok ? 0 : 1;
        } catch (LlmException e) {
            return ctx.fail(e, json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error column: the real error, or for a local server that is not running, where nothing listens. */
    private static String detail(LlmManager manager, HealthStatus s) {
        if (s.state() == HealthStatus.State.NOT_RUNNING) {
            String url;
            try {
                url = manager.provider(s.provider()).baseUrl();
            } catch (LlmException e) {
                url = null;
            }
            return "not started: " + HealthStatus.nothingListensAt(url);
        }
        return s.error() == null ? "" : s.errorType() + ": " + s.error();
    }
}
