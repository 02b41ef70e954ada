package dev.spoon.llm.http;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.NetworkException.Reason;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.TokenLimitException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the transport words its own failures (DESIGN.md "Under bad conditions"): timeouts that name the limit,
 * connections that broke, bodies that are not the API's format (an HTML page from a proxy or portal), and
 * redirects to another origin. Every text that leaves here has passed through the provider's {@link Redactor}.
 */
final class TransportFailures {
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SCRIPTS = Pattern.compile("<(script|style)[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final int SNIPPET = 200;

    private TransportFailures() {
    }

    /** The limits of one call, for naming the one that fired. */
    record Limits(Duration connect, Duration read, Duration whole) {
    }

    /**
     * A failure without a (complete) HTTP answer.
     *
     * @param expired   the whole-call limit fired
     * @param connected a connection to the server (or proxy tunnel) was established
     * @param answering response bytes had started to arrive
     */
    static NetworkException network(String provider, IOException e, Limits limits, boolean expired,
                                    boolean connected, boolean answering) {
        if (expired) {
            return new NetworkException(provider + " did not finish within " + seconds(limits.whole())
                    + " (timeout_s)", provider, null, null, true, null, e, Reason.CALL_TIMEOUT, limits.whole());
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                && "timeout".equalsIgnoreCase(String.valueOf(e.getMessage()))) {
            if (!connected) {
                return new NetworkException("could not connect to " + provider + " within "
                        + seconds(limits.connect()) + " (connect_timeout_s)", provider, null, null, true, null, e,
                        Reason.CONNECT_TIMEOUT, limits.connect());
            }
            return new NetworkException("no data from " + provider + " for " + seconds(limits.read())
                    + " (read_timeout_s)", provider, null, null, true, null, e, Reason.READ_TIMEOUT, limits.read());
        }
        if (e instanceof UnknownHostException) {
            return new NetworkException("could not resolve host " + e.getMessage() + " for " + provider, provider,
                    null, null, true, null, e, Reason.UNREACHABLE, null);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new NetworkException("could not connect to " + provider + ": " + e.getMessage(), provider, null,
                    null, true, null, e, Reason.UNREACHABLE, null);
        }
        if (answering) {
            return new NetworkException("the connection to " + provider + " broke during the answer: " + text(e),
                    provider, null, null, true, null, e, Reason.BROKEN, null);
        }
        return new NetworkException("network error talking to " + provider + ": " + text(e), provider, null, null,
                true, null, e, connected ? Reason.BROKEN : Reason.OTHER, null);
    }

    /** A stream that ended (the server closed it) before the answer was complete. */
    static NetworkException endedEarly(String provider, Integer status) {
        return new NetworkException("the stream from " + provider + " ended before the answer was complete (no"
                + " finish reason or end marker)", provider, status, null, true, null, null, Reason.BROKEN, null);
    }

    private static String text(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code d} in seconds as a person writes it: {@code 60 s}, {@code 0.1 s}, {@code 0.0001 s}. */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return s.stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * A redirect the transport did not follow (to another origin, or a {@code POST} turned into a {@code GET}):
     * a {@link ProviderException} naming the {@code Location}.
     */
    static ProviderException redirect(String provider, int status, String location, boolean sameOrigin,
                                      Redactor redactor) {
        String where = location == null ? "(no Location header)" : redactor.redact(location);
        String why = sameOrigin ? "not followed, since it would turn the POST into a GET"
                : "not followed, so no credential leaves the configured origin";
        return new ProviderException(provider + " redirected the request (HTTP " + status + ") to "
                + (sameOrigin ? "" : "another origin, ") + where + ": " + why
                + "; if that address is right, set base_url to it", provider, status, null, false, null, null);
    }

    /**
     * The error for a body that is not the API's format (an HTML page, or text that is neither JSON nor an event
     * stream), with the status and the page's title or its first 200 characters of text; null when the body
     * looks like the API's JSON.
     *
     * @param contentType the response's {@code Content-Type}, or null
     * @param status      the HTTP status
     * @param body        the body read so far (at most the transport's limit)
     */
    static ProviderException notTheApi(String provider, int status, String contentType, String body,
                                       Redactor redactor) {
        String text = body == null ? "" : stripBom(body).strip();
        boolean html = isHtml(contentType, text);
        if (!html && (text.isEmpty() || text.startsWith("{") || text.startsWith("["))) {
            return null;
        }
        String what = html ? "an HTML page" : "a " + kind(contentType) + " body";
        String shown = redactor.redact(html ? pageText(text) : snippet(text));
        boolean retry = status >= 500 || status == 429 || status == 408;
        return new ProviderException(provider + " answered with " + what + " instead of the API (HTTP " + status
                + "): \"" + shown + "\"; check base_url and the proxy", provider, status, null, retry, null, null);
    }

    /** Whether a response is an HTML page, by its type or its first characters. */
    static boolean isHtml(String contentType, String text) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return true;
        }
        String head = text.length() > 64 ? text.substring(0, 64) : text;
        head = head.toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<head")
                || head.startsWith("<body") || head.startsWith("<!--") || head.startsWith("<title");
    }

    private static String kind(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "non-JSON";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    }

    /** The page's title, else the first 200 characters of its visible text. */
    static String pageText(String html) {
        Matcher m = TITLE.matcher(html);
        if (m.find()) {
            String title = collapse(entities(TAGS.matcher(m.group(1)).replaceAll(" ")));
            if (!title.isEmpty()) {
                return title.length() <= SNIPPET ? title : title.substring(0, SNIPPET) + "…";
            }
        }
        String visible = collapse(entities(TAGS.matcher(SCRIPTS.matcher(html).replaceAll(" ")).replaceAll(" ")));
        return snippet(visible);
    }

    private static String snippet(String text) {
        String t = collapse(text);
        return t.length() <= SNIPPET ? t : t.substring(0, SNIPPET) + "…";
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String entities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /**
     * {@code e} with every secret of {@code redactor} masked in its message and provider message: the same
     * exception when it holds none, else a copy of the same class (partial answer and earlier attempts kept).
     */
    static LlmException redacted(LlmException e, Redactor redactor) {
        String msg = e.getMessage();
        String pm = e.providerMessage();
        String rm = redactor.redact(msg);
        String rpm = redactor.redact(pm);
        if (java.util.Objects.equals(msg, rm) && java.util.Objects.equals(pm, rpm)) {
            return e;
        }
        String p = e.provider();
        Integer s = e.status();
        LlmException copy;
        if (e instanceof AuthenticationException a) {
            copy = new AuthenticationException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause())
                    .withKeyVariable(a.keyVariable());
        } else if (e instanceof ModelNotFoundException) {
            copy = new ModelNotFoundException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause());
        } else if (e instanceof TokenLimitException) {
            copy = new TokenLimitException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause());
        } else if (e instanceof RateLimitException) {
            copy = new RateLimitException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause());
        } else if (e instanceof NetworkException n) {
            copy = new NetworkException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause(), n.reason(),
                    n.limit());
        } else if (e instanceof ProviderException) {
            copy = new ProviderException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause());
        } else if (e.getClass() == LlmException.class) {
            copy = new LlmException(rm, p, s, rpm, e.retryable(), e.retryAfter(), e.getCause());
        } else {
            return e; // a class this transport does not make; its text is the provider's own code
        }
        copy.setStackTrace(e.getStackTrace());
        copy.withPartial(e.partial());
        copy.withPreviousAttempts(e.previousAttempts());
        return copy;
    }
}
