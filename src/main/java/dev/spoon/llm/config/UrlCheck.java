package dev.spoon.llm.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a URL a person typed (a provider's {@code base_url}, {@code --base-url}, a proxy) before anything is
 * sent to it, so that the error names the setting instead of surfacing later as the HTTP client's text.
 */
public final class UrlCheck {
    /** The schemes of an API's base URL. */
    public static final Set<String> HTTP = Set.of("http", "https");
    /** The schemes of a proxy. */
    public static final Set<String> PROXY = Set.of("http", "https", "socks", "socks5");

    private UrlCheck() {
    }

    /**
     * What is wrong with {@code url}, as a phrase that follows the URL ("has no host", "uses 'ftp'; use
     * http:// or https://"), or null when it is an absolute URL with one of {@code schemes}, a host and a port
     * in 1–65535. Leading and trailing spaces are ignored; a space inside is a problem.
     */
    public static String problem(String url, Set<String> schemes) {
        if (url == null || url.isBlank()) {
            return "is empty; give a URL such as https://host/v1";
        }
        String s = url.strip();
        if (s.chars().anyMatch(Character::isWhitespace)) {
            return "contains a space";
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            return "cannot be parsed (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            return "has no scheme; write it as http://" + s + " or https://" + s;
        }
        if (!schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
            return "uses '" + scheme + ":'; use " + String.join(" or ", schemes.stream().sorted()
                    .map(x -> x + "://").toList());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            String authority = uri.getRawAuthority();
            int colon = authority == null ? -1 : authority.lastIndexOf(':');
            if (colon >= 0 && colon < authority.length() - 1
                    && authority.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                return "has port " + authority.substring(colon + 1) + ", out of range (1-65535)";
            }
            return "has no valid host";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return "has port " + uri.getPort() + ", out of range (1-65535)";
        }
        return null;
    }
}
