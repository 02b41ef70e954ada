package dev.spoon.workbench.providers;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.providers.HttpProvider;
import dev.spoon.workbench.WorkbenchContext;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Providers pane's calls to providers, all through the core (its provider types, listeners, redaction and
 * proxies) and all asynchronous: "Test connection" on settings that may not be saved yet, the live model list,
 * the detection of local servers, and the health check of every provider. Each returns the core's own future
 * with a time limit; none waits on another task.
 */
final class ProviderChecks {
    /** The longest a connection test or a model list may take before the pane says so. */
    static final Duration CALL_LIMIT = Duration.ofSeconds(60);
    /** A local server that is running answers its model list at once. */
    static final Duration LOCAL_LIMIT = Duration.ofSeconds(3);

    /** A connection test's result, as the pane shows it. */
    record Outcome(boolean ok, String text, String badge) {
    }

    private final WorkbenchContext context;

    ProviderChecks(WorkbenchContext context) {
        this.context = context;
    }

    /**
     * Runs the provider's own health check ({@link LlmProvider#healthCheck()}: a real one-token request) with
     * settings {@code pc} (saved or not) and reports the latency, or the provider's error with what to do, or
     * that a local server is not running. Never fails: a failure is an unsuccessful {@link Outcome}.
     */
    CompletableFuture<Outcome> test(ProviderConfig pc) {
        LlmProvider p;
        try {
            p = context.registry().create(pc, context.core().providerContext());
        } catch (LlmException e) {
            return CompletableFuture.completedFuture(failed(e, null));
        }
        Duration limit = pc.timeout().compareTo(CALL_LIMIT) < 0 ? pc.timeout() : CALL_LIMIT;
        CompletableFuture<HealthStatus> check = p.healthCheck();
        return check.copy().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).handle((s, e) -> {
            if (e != null) {
                check.cancel(true); // aborts the request
            }
            p.cleanup();
            return e != null ? failed(e, limit)
                    : outcome(s, pc, pc.model() != null ? pc.model() : p.metadata().defaultModel());
        });
    }

    private static Outcome outcome(HealthStatus s, ProviderConfig pc, String model) {
        return switch (s.state()) {
            case HEALTHY -> new Outcome(true, "\u2713 Connected in " + s.latencyMs() + " ms"
                    + (model == null ? "" : " \u2014 " + model + " answered"), "\u2713 " + s.latencyMs() + " ms");
            case NOT_RUNNING -> new Outcome(false, "\u2717 Not running: " + HealthStatus.nothingListensAt(pc.baseUrl())
                    + ". Start the server, then test again.", "not running");
            case UNHEALTHY -> s.failure() != null ? failed(s.failure(), null)
                    : new Outcome(false, "\u2717 " + s.errorType() + ": " + s.error(), "\u2717 " + s.errorType());
        };
    }

    private static Outcome failed(Throwable e, Duration limit) {
        String line = PaneTasks.describe(e, limit);
        LlmException le = LlmProvider.unwrap(e);
        String hint = le.guiHint() != null && !line.startsWith("no answer") ? "\n" + le.guiHint() : "";
        String type = line.startsWith("no answer") ? "Timeout" : le.errorType();
        return new Outcome(false, "\u2717 " + line + hint, "\u2717 " + type);
    }

    /** The live model list of settings {@code pc} (saved or not). */
    CompletableFuture<List<String>> models(ProviderConfig pc) {
        LlmProvider p;
        try {
            p = context.registry().create(pc, context.core().providerContext());
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        return p.listModels().whenComplete((r, e) -> p.cleanup());
    }

    /**
     * Asks each of the saved providers {@code names} (local servers such as Ollama and LM Studio) for its model
     * list, through the manager: "running on host:port, N models" for those that answer, "not running at
     * host:port" for the others.
     */
    CompletableFuture<Map<String, String>> detectLocal(List<String> names) {
        Map<String, CompletableFuture<String>> found = new LinkedHashMap<>();
        for (String name : names) {
            String where = hostAndPort(name);
            CompletableFuture<List<String>> list;
            try {
                list = context.manager().provider(name).listModels();
            } catch (LlmException e) {
                list = CompletableFuture.failedFuture(e);
            }
            found.put(name, list.orTimeout(LOCAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS).handle((models, e) ->
                    e != null ? "not running at " + where : "running on " + where + ", " + models.size()
                            + (models.size() == 1 ? " model" : " models")));
        }
        return CompletableFuture.allOf(found.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, String> out = new LinkedHashMap<>();
            found.forEach((n, f) -> out.put(n, f.join()));
            return out;
        });
    }

    private String hostAndPort(String name) {
        try {
            if (context.manager().provider(name) instanceof HttpProvider h) {
                URI u = URI.create(h.baseUrl());
                return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
            }
            return name;
        } catch (RuntimeException e) {
            return name;
        }
    }

    /** The health monitor's check of every configured provider. */
    CompletableFuture<Map<String, HealthStatus>> checkAll() {
        return context.core().health().checkAll();
    }
}
