package dev.spoon.llm.config;

/**
 * The local gateway's settings ({@code [gateway]}, DESIGN.md "Local gateway"); {@code spoon serve} flags
 * override them.
 *
 * @param host           the address to bind (default {@code 127.0.0.1}); a non-loopback host needs a token
 * @param port           the port (default 8787)
 * @param token          the token clients must send ({@code Authorization: Bearer} or {@code x-api-key}), or
 *                       null for none; a secret
 * @param maxRequestMb   the largest request body accepted, in MiB (default 32); larger ones get 413
 */
public record GatewayConfig(String host, int port, String token, int maxRequestMb) {
    public static final GatewayConfig DEFAULT = new GatewayConfig("127.0.0.1", 8787, null, 32);
}
