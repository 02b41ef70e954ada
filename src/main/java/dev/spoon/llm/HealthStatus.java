package dev.spoon.llm;

import java.time.Instant;
import java.util.Locale;

/**
 * The outcome of one health check (or of a real request, which counts as one).
 *
 * @param state     healthy, unhealthy, or not running (a local server nobody started: not a fault)
 * @param latencyMs how long the check took
 * @param errorType the seed's error name of a failed check ({@code NetworkError}…), or null when healthy
 * @param error     the real error of a failed check (the provider's message), or null when healthy
 * @param checkedAt when the check ended
 * @param failure   the failure itself, for a display line with its HTTP status and what to do
 *                  ({@link LlmException#displayLine()}, {@link LlmException#guiHint()}), or null when healthy
 */
public record HealthStatus(String provider, State state, long latencyMs, String errorType, String error,
                           Instant checkedAt, LlmException failure) {

    /** A status without its failure (a healthy one, or one read back from its fields). */
    public HealthStatus(String provider, State state, long latencyMs, String errorType, String error,
                        Instant checkedAt) {
        this(provider, state, latencyMs, errorType, error, checkedAt, null);
    }

    /** What a check found. */
    public enum State {
        /** The provider answered. */
        HEALTHY,
        /** The provider failed: a real fault to show. */
        UNHEALTHY,
        /**
         * A local server (Ollama, LM Studio, an OpenAI-compatible endpoint on this machine) refused the
         * connection: it is simply not started. Not a fault, and the provider does not count as configured.
         */
        NOT_RUNNING;

        /** The word shown to users: {@code healthy}, {@code unhealthy}, {@code not running}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public static HealthStatus healthy(String provider, long latencyMs) {
        return new HealthStatus(provider, State.HEALTHY, latencyMs, null, null, Instant.now());
    }

    public static HealthStatus unhealthy(String provider, long latencyMs, LlmException e) {
        return new HealthStatus(provider, State.UNHEALTHY, latencyMs, e.errorType(), e.getMessage(), Instant.now(),
                e);
    }

    /** How a local server that is not running is described, everywhere: {@code nothing listens at URL}. */
    public static String nothingListensAt(String baseUrl) {
        return "nothing listens at " + (baseUrl == null ? "its base URL" : baseUrl);
    }

    public static HealthStatus notRunning(String provider, long latencyMs, LlmException e) {
        return new HealthStatus(provider, State.NOT_RUNNING, latencyMs, e.errorType(), e.getMessage(), Instant.now(),
                e);
    }

    /**
     * A failed check or request: {@link State#NOT_RUNNING} when {@code baseUrl} is on this machine and the
     * connection was refused (nobody listens there: the local server is not started), else
     * {@link State#UNHEALTHY}.
     *
     * @param baseUrl the URL the provider sends to, or null when it has none
     */
    public static HealthStatus failure(String provider, String baseUrl, long latencyMs, LlmException e) {
        return isLocal(baseUrl) && connectionRefused(e) ? notRunning(provider, latencyMs, e)
                : unhealthy(provider, latencyMs, e);
    }

    /** Whether {@code baseUrl}'s host is this machine ({@code localhost}, {@code 127.x.x.x}, {@code ::1}). */
    public static boolean isLocal(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return false;
        }
        String host;
        try {
            host = java.net.URI.create(baseUrl.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    private static boolean connectionRefused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the provider answered. */
    public boolean healthy() {
        return state == State.HEALTHY;
    }

    /** Whether the check found a fault ({@link State#UNHEALTHY}; a local server not running is none). */
    public boolean failed() {
        return state == State.UNHEALTHY;
    }
}
