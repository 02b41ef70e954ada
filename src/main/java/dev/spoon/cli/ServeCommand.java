package dev.spoon.cli;

import dev.spoon.gateway.Gateway;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.GatewayConfig;
import dev.spoon.llm.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spoon serve}: runs the local gateway (DESIGN.md "Local gateway") until SIGTERM or Ctrl+C. Prints
 * {@code spoon serve: listening on URL} (with {@code --json}, {@code {"listening": "URL"}}) once it accepts
 * connections. On the signal it stops accepting, gives calls in flight {@link Gateway#GRACE}, and closes the
 * core, which writes out the debug log. Every call is recorded in the same debug-log files the workbench
 * writes and reads, and the health monitor runs as configured ({@code health_check_interval_s}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the local gateway: OpenAI- and Anthropic-format endpoints over the configured providers.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", converter = Port.class,
            description = "Port to listen on (default 8787; 0 = any free port)")
    Integer port;
    @Option(names = "--host", converter = OptionValues.Text.class,
            description = "Address to listen on (default 127.0.0.1; another address needs --token)")
    String host;
    @Option(names = "--token", converter = OptionValues.Text.class,
            description = "Token clients must send (Authorization: Bearer TOKEN or x-api-key: TOKEN)")
    String token;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    /** A TCP port: 0 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value.strip());
                if (p >= 0 && p <= 65_535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not a port; use 0 to 65535");
        }
    }

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        SpoonCore core = null;
        try {
            ConfigurationManager cm = ctx.configuration(config, CliOverrides.NONE);
            GatewayConfig configured = cm.config().gateway() != null ? cm.config().gateway() : GatewayConfig.DEFAULT;
            GatewayConfig settings = new GatewayConfig(host != null ? host : configured.host(),
                    port != null ? port : configured.port(), token != null ? token : configured.token(),
                    configured.maxRequestMb());
            core = SpoonCore.create(cm);
            Gateway gateway = Gateway.start(core, settings);
            core.health().start();
            CountDownLatch stopped = new CountDownLatch(1);
            SpoonCore running = core;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                running.close();
                stopped.countDown();
            }, "spoon-serve-stop"));
            String url = gateway.url().toString();
            ctx.out.println(json ? Json.write(Map.of("listening", url)) : "spoon serve: listening on " + url);
            ctx.out.flush();
            stopped.await();
            return 0;
        } catch (LlmException e) {
            if (core != null) {
                core.close();
            }
            return ctx.fail(e, json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
