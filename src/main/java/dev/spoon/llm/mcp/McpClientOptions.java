package dev.spoon.llm.mcp;

import java.util.List;
import java.util.function.Consumer;

/**
 * How this client presents itself to MCP servers and where its traffic goes.
 *
 * @param clientName    the name sent in {@code initialize} ({@code clientInfo.name})
 * @param clientVersion the version sent in {@code initialize}
 * @param sampling      answers {@code sampling/createMessage}; null to not offer sampling
 * @param roots         the folders offered ({@code roots/list}); null to not offer the roots capability
 * @param traffic       receives every JSON-RPC exchange (on transport threads: must not block)
 */
public record McpClientOptions(String clientName, String clientVersion, McpSamplingHandler sampling,
                               List<McpRoot> roots, Consumer<McpExchange> traffic) {

    public McpClientOptions {
        roots = roots == null ? null : List.copyOf(roots);
        traffic = traffic == null ? e -> { } : traffic;
    }

    /** The command line's client: no sampling, no roots, traffic to {@code traffic}. */
    public static McpClientOptions basic(Consumer<McpExchange> traffic) {
        return new McpClientOptions("spoon", dev.spoon.Version.get(), null, null, traffic);
    }

    public McpClientOptions withSampling(McpSamplingHandler handler) {
        return new McpClientOptions(clientName, clientVersion, handler, roots, traffic);
    }

    public McpClientOptions withRoots(List<McpRoot> folders) {
        return new McpClientOptions(clientName, clientVersion, sampling, folders, traffic);
    }
}
