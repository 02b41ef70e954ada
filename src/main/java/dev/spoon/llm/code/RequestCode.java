package dev.spoon.llm.code;

/**
 * "View code": a request written as code a developer can run elsewhere — {@code curl}, Python and TypeScript
 * through the provider's official SDK, Java through the official SDK, and the {@code spoon chat} command line.
 * Every form sends the same URL, headers and JSON body as the request it was made from; secrets are read from
 * environment variables ({@code $OPENAI_API_KEY}, {@code os.environ[...]}, {@code process.env...},
 * {@code System.getenv(...)}), never written out. Pure and thread-safe.
 */
public final class RequestCode {
    private RequestCode() {
    }

    /** {@code request} in {@code language}. */
    public static String render(CodeRequest request, CodeLanguage language) {
        return switch (language) {
            case CURL -> CurlCode.of(request);
            case PYTHON -> PythonCode.of(request);
            case TYPESCRIPT -> TypeScriptCode.of(request);
            case JAVA -> JavaCode.of(request);
            case SPOON_CLI -> CliCode.of(request);
        };
    }
}
