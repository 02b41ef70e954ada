package dev.spoon.llm.http;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Follows redirects only within the origin (scheme, host and port) the request was sent to, so no credential
 * ever reaches another origin: {@code 307}/{@code 308} are followed with the same method and body, and
 * {@code 301}/{@code 302}/{@code 303} only for {@code GET} and {@code HEAD} (turning an API's {@code POST} into
 * a {@code GET} would change its meaning). Any other redirect is returned as it is, for the transport to
 * report with its {@code Location}. At most {@value #MAX_HOPS} hops. The client it is installed on must not
 * follow redirects itself.
 */
final class SameOriginRedirects implements Interceptor {
    static final int MAX_HOPS = 5;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Response response = chain.proceed(request);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Request next = followUp(request, response);
            if (next == null) {
                return response;
            }
            response.close();
            request = next;
            response = chain.proceed(request);
        }
        return response;
    }

    /** The same-origin request a redirect asks for, or null when it is not followed. */
    static Request followUp(Request request, Response response) {
        int code = response.code();
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            return null;
        }
        String location = response.header("Location");
        HttpUrl target = location == null ? null : request.url().resolve(location);
        if (target == null || !sameOrigin(request.url(), target)) {
            return null;
        }
        boolean keepsMethod = code == 307 || code == 308;
        if (!keepsMethod && !request.method().equals("GET") && !request.method().equals("HEAD")) {
            return null;
        }
        return request.newBuilder().url(target).build();
    }

    /** Whether two URLs share scheme, host and port. */
    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }
}
