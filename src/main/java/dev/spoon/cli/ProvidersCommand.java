package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.json.JsonTrees;
import dev.spoon.llm.registry.ProviderRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code spoon providers}: every provider, its capabilities, and whether it is configured. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List providers, their capabilities and whether they are configured.")
public final class ProvidersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try {
            ConfigurationManager cm = ctx.configuration(config, CliOverrides.NONE);
            SpoonConfig cfg = cm.config();
            ProviderRegistry registry = ProviderRegistry.global();
            ArrayNode arr = JsonTrees.array();
            Map<String, CompletableFuture<Boolean>> running = probeLocalServers(cfg, registry);
            for (ProviderConfig pc : cfg.providers().values()) {
                ObjectNode o = arr.addObject();
                o.put("name", pc.name());
                o.put("type", pc.type());
                o.put("registered", registry.contains(pc.type()));
                ArrayNode caps = o.putArray("capabilities");
                if (registry.contains(pc.type())) {
                    registry.entry(pc.type()).capabilities().stream().sorted()
                            .forEach(c -> caps.add(c.name().toLowerCase(Locale.ROOT)));
                    o.put("description", registry.entry(pc.type()).description());
                }
                CompletableFuture<Boolean> probe = running.get(pc.name());
                boolean listening = probe != null && probe.join();
                o.put("configured", registry.contains(pc.type()) && ConfigurationManager.isConfigured(cfg, pc, listening));
                if (probe != null) {
                    o.put("running", listening);
                }
                o.put("needs_api_key", ConfigurationManager.KEY_REQUIRED.contains(pc.type()));
                o.put("has_api_key", pc.hasApiKey());
                o.put("default", pc.name().equals(cfg.defaultProvider()));
                o.put("base_url", pc.baseUrl());
                o.put("model", pc.model());
            }
            Set<String> instanceNames = cfg.providers().keySet();
            for (ProviderRegistry.Entry e : registry.entries()) {
                if (!instanceNames.contains(e.name())) {
                    ObjectNode o = arr.addObject();
                    o.put("name", e.name());
                    o.put("type", e.name());
                    o.put("registered", true);
                    ArrayNode caps = o.putArray("capabilities");
                    e.capabilities().stream().sorted().forEach(c -> caps.add(c.name().toLowerCase(Locale.ROOT)));
                    o.put("description", e.description());
                    o.put("configured", false);
                    o.put("needs_api_key", false);
                    o.put("has_api_key", false);
                    o.put("default", false);
                    o.putNull("base_url");
                    o.putNull("model");
                    o.put("note", "a type for custom entries: [providers.NAME] type = \"" + e.name() + "\"");
                }
            }
            if (json) {
                ctx.out.println(JsonTrees.writePretty(arr));
            } else {
                TextTable table = new TextTable(List.of("NAME", "TYPE", "CONFIGURED", "DEFAULT", "CAPABILITIES"));
                for (var n : arr) {
                    String caps = java.util.stream.StreamSupport.stream(n.get("capabilities").spliterator(), false)
                            .map(x -> x.asText()).collect(Collectors.joining(","));
                    table.row(n.get("name").asText(), n.get("type").asText(),
                            n.get("configured").asBoolean() ? "yes" : n.get("needs_api_key").asBoolean()
                                    ? "no key" : n.has("running") && !n.get("running").asBoolean() ? "not running"
                                    : "no",
                            n.get("default").asBoolean() ? "*" : "", caps);
                }
                table.print(ctx.out);
            }
            return 0;
        } catch (LlmException e) {
            return ctx.fail(e, json);
        }
    }

    /**
     * For each local server instance ({@link ConfigurationManager#LOCAL_SERVERS} types whose address is on this
     * machine): whether something accepts a connection there, probed concurrently, each for at most
     * {@link #PROBE_LIMIT_MS} ms.
     */
    private static Map<String, CompletableFuture<Boolean>> probeLocalServers(SpoonConfig cfg,
                                                                              ProviderRegistry registry) {
        Map<String, CompletableFuture<Boolean>> out = new LinkedHashMap<>();
        for (ProviderConfig pc : cfg.providers().values()) {
            if (!ConfigurationManager.LOCAL_SERVERS.contains(pc.type()) || !registry.contains(pc.type())) {
                continue;
            }
            String url = registry.create(pc.type()).baseUrlFor(pc);
            if (HealthStatus.isLocal(url)) {
                out.put(pc.name(), CompletableFuture.supplyAsync(() -> listening(url)));
            }
        }
        return out;
    }

    static final int PROBE_LIMIT_MS = 300;

    /** Whether a TCP connection to {@code url}'s host and port is accepted within {@link #PROBE_LIMIT_MS}. */
    static boolean listening(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getHost() == null) {
            return false;
        }
        int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        try {
            for (InetAddress a : InetAddress.getAllByName(u.getHost())) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, port), PROBE_LIMIT_MS);
                    return true;
                } catch (IOException e) {
                    // refused or too slow at this address: try the next one (localhost is often ::1 and 127.0.0.1)
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static String capabilityName(ProviderCapability c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
