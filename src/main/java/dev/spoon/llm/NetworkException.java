package dev.spoon.llm;

import java.time.Duration;

/**
 * The seed's {@code NetworkError}: no usable answer arrived (no connection, a timeout, a connection that broke
 * or a stream that ended early). {@link #reason()} tells which, and for a timeout {@link #limit()} is the limit
 * that fired.
 */
public class NetworkException extends LlmException {

    /** What went wrong on the network. */
    public enum Reason {
        /** The host could not be resolved or refused the connection. */
        UNREACHABLE,
        /** No connection within {@code connect_timeout_s}. */
        CONNECT_TIMEOUT,
        /** Connected, then no byte for {@code read_timeout_s}. */
        READ_TIMEOUT,
        /** The whole call took longer than {@code timeout_s}. */
        CALL_TIMEOUT,
        /** The connection broke or the stream ended before the answer was complete. */
        BROKEN,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;
    private final Duration limit;

    public NetworkException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, provider, status, providerMessage, retryable, retryAfter, cause, Reason.OTHER, null);
    }

    /**
     * A network failure of a known {@code reason}.
     *
     * @param limit the limit that fired, for the three timeouts; else null
     */
    public NetworkException(String message, String provider, Integer status, String providerMessage,
                            boolean retryable, Duration retryAfter, Throwable cause, Reason reason, Duration limit) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
        this.reason = reason == null ? Reason.OTHER : reason;
        this.limit = limit;
    }

    public NetworkException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, true, null, null);
        this.reason = Reason.OTHER;
        this.limit = null;
    }

    public NetworkException(String message, String provider) {
        this(message, provider, null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The limit that fired ({@code connect_timeout_s}, {@code read_timeout_s}, {@code timeout_s}), or null. */
    public Duration limit() {
        return limit;
    }

    @Override
    public String errorType() {
        return "NetworkError";
    }

    @Override
    public String hint() {
        return switch (reason) {
            case CONNECT_TIMEOUT -> "Could not reach " + provider() + ": check the base URL, proxy and network"
                    + " connection, or raise connect_timeout_s.";
            case READ_TIMEOUT -> provider() + " stopped sending: it may be overloaded; for slow models raise"
                    + " read_timeout_s (or --read-timeout).";
            case CALL_TIMEOUT -> "The call took longer than its time limit: raise timeout_s (or --timeout) for long"
                    + " answers.";
            case BROKEN -> "The connection to " + provider() + " broke: try again.";
            default -> "Could not reach " + provider() + ": check the base URL, proxy and network connection.";
        };
    }

    @Override
    public String guiHint() {
        return switch (reason) {
            case CONNECT_TIMEOUT -> "Could not reach " + provider() + ": check its base URL and proxy in the"
                    + " Providers pane, and the network connection.";
            case READ_TIMEOUT -> provider() + " stopped sending: it may be overloaded; for slow models raise"
                    + " read_timeout_s in the configuration file.";
            case CALL_TIMEOUT -> "The call took longer than its time limit: raise the provider's timeout in the"
                    + " Providers pane for long answers.";
            case BROKEN -> "The connection to " + provider() + " broke: try again.";
            default -> "Could not reach " + provider() + ": check its base URL and proxy in the Providers pane,"
                    + " and the network connection.";
        };
    }
}
