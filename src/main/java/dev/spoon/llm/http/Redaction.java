package dev.spoon.llm.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets at the source, before anything is stored, logged or shown: secret-bearing headers and
 * query parameters become {@code ***}.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "x-goog-api-key", "api-key", "openai-api-key", "cookie", "set-cookie", "x-auth-token");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "([?&](?:key|api_key|apikey|api-key|access_token|token|x-goog-api-key)=)[^&#]*", Pattern.CASE_INSENSITIVE);

    private Redaction() {
    }

    public static boolean isSecretHeader(String name) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A copy of {@code headers} with secret values replaced by {@code ***}. */
    public static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, isSecretHeader(k) ? List.of(MASK) : new ArrayList<>(v)));
        return out;
    }

    /** {@code url} with key-bearing query parameters replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = SECRET_QUERY.matcher(url);
        return m.replaceAll("$1" + MASK);
    }

    /** {@code text} with every occurrence of {@code secret} (if non-blank) replaced by {@code ***}. */
    public static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
