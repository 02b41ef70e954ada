package dev.spoon.llm.providers.openai;

import dev.spoon.llm.LlmException;
import okhttp3.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Recorded-style error bodies of the OpenAI-compatible family → error class, retry, wait and message. */
class OpenAiErrorsTest {

    static Stream<Arguments> cases() {
        Headers none = Headers.of();
        return Stream.of(
                arguments("openai 401 invalid key (recorded)", 401, none, fixture("openai-error-401-invalid-api-key.json"),
                        "AuthenticationError", false, null, "Incorrect API key provided"),
                arguments("openai 404 unknown model", 404, none, """
                        {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""",
                        "ModelNotFoundError", false, null, "The model `gpt-9` does not exist"),
                arguments("openai 403 model_not_found code", 403, none, """
                        {"error":{"message":"Project `proj_x` does not have access to model `o3`","type":"invalid_request_error","param":null,"code":"model_not_found"}}""",
                        "ModelNotFoundError", false, null, "Project `proj_x`"),
                arguments("openai 400 context_length_exceeded", 400, none, """
                        {"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""",
                        "TokenLimitError", false, null, "This model's maximum context length"),
                arguments("deepseek 400 context length, generic code", 400, none, """
                        {"error":{"message":"This model's maximum context length is 65536 tokens. However, you requested 70321 tokens (70321 in the messages, 0 in the completion). Please reduce the length of the messages or completion.","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}""",
                        "TokenLimitError", false, null, "This model's maximum context length is 65536"),
                arguments("429 retry-after-ms", 429, Headers.of("retry-after-ms", "1500"), """
                        {"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
                        "RateLimitError", true, Duration.ofMillis(1500), "Rate limit reached"),
                arguments("429 Retry-After seconds", 429, Headers.of("Retry-After", "20"), """
                        {"error":{"message":"Rate limit exceeded","code":429}}""",
                        "RateLimitError", true, Duration.ofSeconds(20), "Rate limit exceeded"),
                arguments("429 hint in the message", 429, none, """
                        {"error":{"message":"Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 6.5s. Visit https://platform.openai.com/account/rate-limits to learn more.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}""",
                        "RateLimitError", true, Duration.ofMillis(6500), "Rate limit reached for gpt-4o"),
                arguments("429 insufficient_quota is not retryable", 429, none, """
                        {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",
                        "RateLimitError", false, null, "You exceeded your current quota"),
                arguments("openrouter 402 credits", 402, none, """
                        {"error":{"message":"Insufficient credits. Add more using https://openrouter.example/settings/credits","code":402}}""",
                        "ProviderError", false, null, "Insufficient credits."),
                arguments("500 server error", 500, none, """
                        {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}""",
                        "ProviderError", true, null, "The server had an error"),
                arguments("503 html body", 503, none, "<html><body><h1>503 Service Unavailable</h1></body></html>",
                        "ProviderError", true, null, "<html><body><h1>503 Service Unavailable"),
                arguments("529 overloaded", 529, Headers.of("retry-after", "3"), """
                        {"error":{"message":"Overloaded","type":"overloaded_error"}}""",
                        "ProviderError", true, Duration.ofSeconds(3), "Overloaded"),
                arguments("ollama 404 model not pulled", 404, none, """
                        {"error":{"message":"model \\"llama9\\" not found, try pulling it first","type":"api_error","param":null,"code":null}}""",
                        "ModelNotFoundError", false, null, "model \"llama9\" not found"),
                arguments("deepseek 401", 401, none, """
                        {"error":{"message":"Authentication Fails, Your api key: ****abcd is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}""",
                        "AuthenticationError", false, null, "Authentication Fails"),
                arguments("lm studio plain string error", 400, none, """
                        {"error":"'messages' field is required"}""",
                        "ProviderError", false, null, "'messages' field is required"),
                arguments("openrouter 400 bad model id", 400, none, """
                        {"error":{"message":"nope/model is not a valid model ID","code":400},"user_id":"user_x"}""",
                        "ModelNotFoundError", false, null, "nope/model is not a valid model ID"),
                arguments("fastapi detail", 422, none, """
                        {"detail":"Unprocessable: temperature must be <= 2"}""",
                        "ProviderError", false, null, "Unprocessable: temperature"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsStatusAndBody(String label, int status, Headers headers, String body, String type, boolean retryable,
                           Duration retryAfter, String messageStart) {
        LlmException e = OpenAiErrors.fromResponse("openai", status, headers, body);
        assertThat(e.errorType()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.retryAfter()).isEqualTo(retryAfter);
        assertThat(e.providerMessage()).startsWith(messageStart);
        assertThat(e.provider()).isEqualTo("openai");
    }

    @org.junit.jupiter.api.Test
    void retryAfterAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30));
        LlmException e = OpenAiErrors.fromResponse("openai", 429, Headers.of("Retry-After", date),
                "{\"error\":{\"message\":\"slow down\"}}");
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31));
    }
}
