package dev.spoon.llm;

import dev.spoon.llm.config.McpServerConfig;
import dev.spoon.llm.config.SpoonConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one list of secrets of a core, and the only code that hides them (DESIGN.md "Under bad conditions"):
 * every configured key, every custom header value (except the protocol headers {@code anthropic-version},
 * {@code anthropic-beta}, {@code OpenAI-Beta}, {@code HTTP-Referer}, {@code X-Title}), proxy and URL
 * credentials, the gateway token, and any header whose name contains {@code auth}, {@code key},
 * {@code token}, {@code secret}, {@code cookie} or {@code session}. Each becomes {@value #MASK} wherever it
 * would be stored or shown: the debug log and its exports, error messages, standard output and error.
 *
 * <p>Redact at the source: transports mask headers and URLs before building an exchange, providers build
 * their exceptions from already-redacted text, front ends pass what they print through {@link #redact}.
 *
 * <p>In free text a value is searched for as written, URL-encoded and JSON-escaped. Values known to be
 * secrets (keys, passwords, tokens, values of secret-named headers) are searched for from 4 characters on;
 * other custom header values from 8 characters on, since shorter ones ({@code "1"}, {@code "true"}) would
 * hide ordinary words and numbers; in header lists every custom header value is masked whatever its length.
 * Rate-limit headers ({@code x-ratelimit-remaining-tokens}…) carry counts, not secrets, and stay readable.
 *
 * <p>Thread-safe. {@link #update} replaces the list (the core calls it when the configuration changes);
 * {@link #with} makes a view that adds a few values of its own to this live list; {@link #remember} adds values
 * met in requests ({@code --header}, the workbench's extra headers) for the rest of the process.
 */
public final class Redactor {
    public static final String MASK = "***";

    private static final Set<String> PROTOCOL_HEADERS = Set.of("anthropic-version", "anthropic-beta", "openai-beta",
            "http-referer", "x-title");
    private static final String[] SECRET_NAME_PARTS = {"auth", "key", "token", "secret", "cookie", "session"};
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "([?&](?:key|api_key|apikey|api-key|access_token|token|x-goog-api-key)=)[^&#\\s\"']*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_USERINFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@\"']+@");
    private static final int MIN_SECRET = 4;
    private static final int MIN_OTHER = 8;

    /** At most this many values are remembered from requests; the oldest are forgotten first. */
    static final int MAX_REMEMBERED = 256;

    private final Redactor parent;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Snapshot remembered = Snapshot.EMPTY;
    private final Secrets rememberedSecrets = new Secrets();

    /** A redactor with an empty list: it still masks secret-named headers, key query parameters and URL credentials. */
    public Redactor() {
        this(null);
    }

    private Redactor(Redactor parent) {
        this.parent = parent;
    }

    /** A redactor for the secrets of {@code config}. */
    public static Redactor of(SpoonConfig config) {
        Redactor r = new Redactor();
        r.update(config);
        return r;
    }

    /** A redactor for the secrets of one provider's settings (a provider initialized outside any core). */
    public static Redactor of(ProviderConfig config) {
        Redactor r = new Redactor();
        r.set(new Secrets().provider(config));
        return r;
    }

    /** Replaces the list with the secrets of {@code config}: keys, headers, proxies of every provider, MCP servers, the gateway. */
    public void update(SpoonConfig config) {
        Secrets s = new Secrets();
        config.providers().values().forEach(s::provider);
        for (McpServerConfig m : config.mcpServers().values()) {
            s.headers(m.headers());
            s.url(m.url());
            m.env().forEach((k, v) -> {
                if (isSecretName(k)) {
                    s.secret(v);
                }
            });
        }
        if (config.gateway() != null) {
            s.secret(config.gateway().token());
        }
        set(s);
    }

    /** Replaces the list with {@code secrets}. */
    public void set(Secrets secrets) {
        snapshot = new Snapshot(secrets);
    }

    /**
     * Adds {@code secrets} to the root of this list and keeps them there across {@link #update}s: the values of
     * headers a request carries beyond the configuration (request headers are secrets too), so that the debug
     * log, exports, errors and printed text hide them wherever they turn up. At most {@value #MAX_REMEMBERED}
     * values are kept, the oldest forgotten first.
     */
    public void remember(Secrets secrets) {
        if (parent != null) {
            parent.remember(secrets);
            return;
        }
        synchronized (rememberedSecrets) {
            if (rememberedSecrets.secret.containsAll(secrets.secret) && rememberedSecrets.other.containsAll(secrets.other)) {
                return;
            }
            rememberedSecrets.secret.addAll(secrets.secret);
            rememberedSecrets.other.addAll(secrets.other);
            trim(rememberedSecrets.secret);
            trim(rememberedSecrets.other);
            remembered = new Snapshot(rememberedSecrets);
        }
    }

    private static void trim(Set<String> values) {
        var it = values.iterator();
        while (values.size() > MAX_REMEMBERED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /**
     * A view of this redactor that also hides {@code extra} (e.g. the settings a provider was initialized
     * with, or a {@code --header} value); it follows later updates of this one.
     */
    public Redactor with(Secrets extra) {
        Redactor child = new Redactor(this);
        child.set(extra);
        return child;
    }

    /** Whether a header of this name carries a secret by its name alone. */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("ratelimit") || n.contains("rate-limit")) {
            return false;
        }
        return isSecretName(n);
    }

    private static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a header is one of the protocol headers that stay readable although configured. */
    public static boolean isProtocolHeader(String name) {
        return PROTOCOL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** {@code text} with every secret of the list, and URL credentials and key query parameters, masked. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = parent != null ? parent.redact(text) : remembered.scrub(text);
        out = snapshot.scrub(out);
        if (parent == null && out.contains("://")) {
            out = url(out);
        }
        return out;
    }

    /** A copy of {@code headers} with the values of secret-named and configured headers masked. */
    public Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (isSecretHeader(k)) {
                out.put(k, List.of(MASK));
            } else {
                List<String> values = new ArrayList<>(v.size());
                for (String value : v) {
                    values.add(isExact(value) ? MASK : redact(value));
                }
                out.put(k, values);
            }
        });
        return out;
    }

    private boolean isExact(String value) {
        return snapshot.exact.contains(value) || remembered.exact.contains(value)
                || parent != null && parent.isExact(value);
    }

    /** {@code url} with its credentials ({@code user:pass@}) and key-bearing query parameters masked. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_QUERY.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return URL_USERINFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** Secret values to hide, collected from settings. Not thread-safe; hand it to {@link #set}. */
    public static final class Secrets {
        private final Set<String> secret = new LinkedHashSet<>();
        private final Set<String> other = new LinkedHashSet<>();

        /** A value known to be a secret (a key, a password, a token); blank or null is ignored. */
        public Secrets secret(String value) {
            if (value != null && !value.isBlank()) {
                secret.add(value);
            }
            return this;
        }

        /** Custom header values: secret by name, else hidden as configured values (protocol headers excepted). */
        public Secrets headers(Map<String, String> headers) {
            headers.forEach((name, value) -> {
                if (value == null || value.isBlank() || isProtocolHeader(name)) {
                    return;
                }
                if (isSecretHeader(name)) {
                    secret.add(value);
                } else {
                    other.add(value);
                }
            });
            return this;
        }

        /** The credentials of a URL ({@code scheme://user:pass@host}), if it has any. */
        public Secrets url(String url) {
            if (url == null || url.isBlank() || !url.contains("@")) {
                return this;
            }
            try {
                String info = URI.create(url.trim()).getRawUserInfo();
                if (info != null) {
                    int colon = info.indexOf(':');
                    String user = colon < 0 ? info : info.substring(0, colon);
                    other.add(user);
                    other.add(decode(user));
                    if (colon >= 0) {
                        String pass = info.substring(colon + 1);
                        secret(pass);
                        secret(decode(pass));
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // not a URL: nothing to take from it
            }
            return this;
        }

        /** The key, custom headers, proxy and base-URL credentials of one provider. */
        public Secrets provider(ProviderConfig pc) {
            if (pc.hasApiKey()) {
                secret(pc.apiKey());
            }
            headers(pc.headers());
            url(pc.proxy());
            url(pc.baseUrl());
            return this;
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return s;
            }
        }
    }

    /** An immutable list: exact values (header lists) and the forms searched for in text, longest first. */
    private static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(new Secrets());

        final Set<String> exact;
        final String[] search;

        Snapshot(Secrets s) {
            Set<String> exactValues = new HashSet<>(s.secret);
            exactValues.addAll(s.other);
            this.exact = Set.copyOf(exactValues);
            Set<String> forms = new LinkedHashSet<>();
            for (String v : s.secret) {
                if (v.length() >= MIN_SECRET) {
                    addForms(forms, v);
                }
            }
            for (String v : s.other) {
                if (v.length() >= MIN_OTHER) {
                    addForms(forms, v);
                }
            }
            this.search = forms.stream().sorted(Comparator.comparingInt(String::length).reversed())
                    .toArray(String[]::new);
        }

        private static void addForms(Set<String> forms, String v) {
            forms.add(v);
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(jsonEscaped(v));
        }

        /** {@code v} as it appears inside a JSON string (quotes, backslashes and control characters escaped). */
        private static String jsonEscaped(String v) {
            StringBuilder sb = new StringBuilder(v.length() + 8);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.toString();
        }

        String scrub(String text) {
            String out = text;
            for (String s : search) {
                if (out.contains(s)) {
                    out = out.replace(s, MASK);
                }
            }
            return out;
        }
    }
}
