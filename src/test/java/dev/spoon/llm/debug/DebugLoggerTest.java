package dev.spoon.llm.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.sim.SimProvider;
import dev.spoon.testing.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebugLoggerTest {
    @TempDir
    Path dir;
    final List<DebugLogger> loggers = new ArrayList<>();
    /** The exchange listeners of the simulators this test makes; each logger joins them. */
    final ExchangeListeners listeners = new ExchangeListeners();
    /** The simulators' clock: their answers come when the test runs it. */
    final ManualScheduler clock = new ManualScheduler();

    @AfterEach
    void closeAll() {
        loggers.forEach(DebugLogger::close);
    }

    DebugLogger logger(DebugSettings s) {
        DebugLogger l = new DebugLogger(s);
        listeners.add(l.exchangeListener());
        loggers.add(l);
        return l;
    }

    SimProvider sim(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttft_ms", 0);
        m.put("tokens_per_s", 0);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        SimProvider p = new SimProvider(clock);
        p.initialize(ProviderConfig.minimal("simx", "sim").withOptions(m), ProviderContext.of(listeners));
        return p;
    }

    /** Runs the simulators' clock until {@code call} completes; its answer (or its LlmException thrown). */
    <T> T run(CompletableFuture<T> call) {
        return LlmProvider.await(clock.drive(call));
    }

    @Test
    void aSimulatedStreamIsRecordedWithEveryChunkAndItsArrivalOffset() {
        DebugLogger log = logger(DebugSettings.inMemory(100));
        LlmResponse r = run(sim().chatStream(ChatRequest.ofUser("hello there").withTag("attempt", "2"), c -> { }));
        assertThat(log.flush(5_000)).isTrue();
        DebugRecord rec = log.find(lastId(log)).orElseThrow();
        assertThat(rec.kind()).isEqualTo(DebugRecord.Kind.LLM);
        assertThat(rec.origin()).isEqualTo(DebugRecord.Origin.WORKBENCH);
        assertThat(rec.provider()).isEqualTo("simx");
        assertThat(rec.endpoint()).isEqualTo("sim://simx/chat/completions");
        assertThat(rec.stream()).isTrue();
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.attempt()).isEqualTo(2);
        assertThat(Json.tryParse(rec.requestBody()).path("messages").get(0).path("content").asText())
                .isEqualTo("hello there");
        // every content token, then the finish chunk and [DONE]
        StringBuilder text = new StringBuilder();
        for (String e : rec.chunks().events()) {
            JsonNode n = Json.tryParse(e);
            if (n != null && n.path("choices").size() > 0) {
                text.append(n.path("choices").get(0).path("delta").path("content").asText(""));
            }
        }
        assertThat(text.toString()).isEqualTo(r.content());
        assertThat(rec.chunks().event(rec.chunks().size() - 1)).isEqualTo("[DONE]");
        for (int i = 1; i < rec.chunks().size(); i++) {
            assertThat(rec.chunks().offsetMicros(i)).isGreaterThanOrEqualTo(rec.chunks().offsetMicros(i - 1));
        }
        assertThat(rec.usage().completionTokens()).isEqualTo(r.usage().completionTokens());
        assertThat(rec.ttftMs()).isNotNull();
    }

    static void awaitSize(DebugLogger log, int n) {
        assertThat(log.flush(5_000)).isTrue();
        assertThat(log.size()).isGreaterThanOrEqualTo(n);
    }

    private static String lastId(DebugLogger log) {
        List<DebugRecord> all = log.records();
        return all.isEmpty() ? "none" : all.get(all.size() - 1).requestId();
    }

    @Test
    void aSimulatedCallIsInTheLogAfterAFlushByItsCaller() {
        DebugLogger log = logger(DebugSettings.inMemory(100));
        SimProvider p = sim("ttft_ms", 20, "tokens_per_s", 500);
        for (int i = 0; i < 20; i++) {
            int before = log.size();
            // the exchange's end is queued before the caller sees the result: a flush then finds the record
            int seen = run(p.chat(ChatRequest.ofUser("call " + i)).thenApply(r -> flushedSize(log)));
            assertThat(seen).isEqualTo(before + 1);
            int seenStream = run(p.chatStream(ChatRequest.ofUser("stream " + i), c -> { })
                    .thenApply(r -> flushedSize(log)));
            assertThat(seenStream).isEqualTo(before + 2);
        }
        CompletableFuture<Integer> failed = sim("fail_type", "server", "fail_rate", 1.0)
                .chat(ChatRequest.ofUser("x")).handle((r, e) -> flushedSize(log));
        assertThat(clock.drive(failed).join()).isEqualTo(41);
    }

    private static int flushedSize(DebugLogger log) {
        assertThat(log.flush(5_000)).isTrue();
        return log.size();
    }

    @Test
    void cancellingASimulatedCallStopsItAndRecordsItAsCancelled() {
        DebugLogger log = logger(DebugSettings.inMemory(100));
        CompletableFuture<LlmResponse> f = sim("ttft_ms", 10, "tokens_per_s", 20)
                .chatStream(ChatRequest.ofUser("a long one"), c -> { });
        assertThat(f.cancel(true)).isTrue();
        assertThat(log.flush(5_000)).isTrue();
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.records().get(0).cancelled()).isTrue();
    }

    @Test
    void dailyFilesOlderThanKeepDaysAreDeletedAndOtherFilesAreLeftAlone() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("old-logs"));
        for (String n : List.of("debug-2026-10-01.jsonl", "debug-2026-10-25.jsonl", "debug-2026-10-26.jsonl",
                "debug-2026-11-25.jsonl", "debug-notes.jsonl", "other.txt")) {
            Files.writeString(logs.resolve(n), "{}\n");
        }
        int deleted = DailyFiles.prune(logs, 30, java.time.LocalDate.parse("2026-11-25"));
        assertThat(deleted).isEqualTo(2);
        try (var s = Files.list(logs)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "debug-2026-10-26.jsonl", "debug-2026-11-25.jsonl", "debug-notes.jsonl", "other.txt");
        }
    }

    @Test
    void aStartingLoggerPrunesItsDailyFolder() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("start-logs"));
        Files.writeString(logs.resolve("debug-2000-01-01.jsonl"), "{}\n");
        logger(new DebugSettings(true, 10, true, null, logs, 30)).close(); // pruning runs before the first write
        assertThat(logs.resolve("debug-2000-01-01.jsonl")).doesNotExist();
        Path kept = Files.createDirectories(dir.resolve("kept-logs"));
        Files.writeString(kept.resolve("debug-2000-01-01.jsonl"), "{}\n");
        DebugLogger forever = logger(new DebugSettings(true, 10, true, null, kept, 0));
        forever.close();
        assertThat(kept.resolve("debug-2000-01-01.jsonl")).exists();
    }

    @Test
    void failuresAreRecordedWithTheErrorTypeStatusAndBody() {
        DebugLogger log = logger(DebugSettings.inMemory(100));
        CompletableFuture<LlmResponse> f = sim("fail_type", "rate_limit", "fail_rate", 1.0)
                .chat(ChatRequest.ofUser("x"));
        assertThatThrownBy(() -> run(f)).hasMessageContaining("Rate limit");
        awaitSize(log, 1);
        DebugRecord rec = log.records().get(0);
        assertThat(rec.status()).isEqualTo(429);
        assertThat(rec.error().type()).isEqualTo("RateLimitError");
        assertThat(rec.responseBody()).contains("Rate limit reached (simulated)");
        assertThat(rec.ok()).isFalse();
    }

    @Test
    void theRingIsBoundedAndListenersGetBatchedChanges() {
        DebugLogger log = logger(DebugSettings.inMemory(5));
        List<DebugLogListener.Change> changes = Collections.synchronizedList(new ArrayList<>());
        log.addListener(changes::add);
        SimProvider p = sim();
        for (int i = 0; i < 12; i++) {
            run(p.chat(ChatRequest.ofUser("m" + i)));
            assertThat(log.flush(5_000)).isTrue();
            assertThat(log.revision()).isEqualTo(i + 1);
        }
        assertThat(log.flush(5_000)).isTrue();
        assertThat(log.size()).isEqualTo(5);
        assertThat(log.records()).extracting(r -> Json.tryParse(r.requestBody()).path("messages").get(0)
                .path("content").asText()).containsExactly("m7", "m8", "m9", "m10", "m11");
        // replaying the changes gives the ring's contents
        List<DebugRecord> mirror = new ArrayList<>();
        synchronized (changes) {
            for (DebugLogListener.Change c : changes) {
                if (c.cleared()) {
                    mirror.clear();
                }
                mirror.addAll(c.added());
                mirror.subList(0, c.removedFromHead()).clear();
            }
        }
        assertThat(mirror).isEqualTo(log.records());
        assertThat(changes.size()).isLessThanOrEqualTo(12);
        long rev = log.revision();
        log.clear();
        assertThat(log.size()).isZero();
        assertThat(log.revision()).isGreaterThan(rev);
    }

    @Test
    void recordsAreAppendedToADailyJsonlFileAndReadBack() throws Exception {
        DebugLogger log = logger(new DebugSettings(true, 100, true, null, dir.resolve("logs")));
        run(sim().chatStream(ChatRequest.ofUser("to file"), c -> { }));
        run(sim().chat(ChatRequest.ofUser("second")));
        awaitSize(log, 2);
        assertThat(log.flush(5_000)).isTrue();
        List<Path> files = DailyFiles.list(dir.resolve("logs"));
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches("debug-\\d{4}-\\d{2}-\\d{2}\\.jsonl");
        List<String> lines = Files.readAllLines(files.get(0));
        assertThat(lines).hasSize(2);
        JsonNode first = Json.tryParse(lines.get(0));
        assertThat(first.path("kind").asText()).isEqualTo("llm");
        assertThat(first.path("origin").asText()).isEqualTo("workbench");
        for (String key : List.of("ts", "request_id", "provider", "model", "endpoint", "stream", "status",
                "duration_ms", "ttft_ms", "request", "response", "error", "usage", "attempt", "cache_hit")) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        assertThat(first.path("response").path("chunks").size()).isGreaterThan(1);
        assertThat(first.path("response").path("chunks").get(0).has("offset_ms")).isTrue();
        Files.writeString(files.get(0), "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        DebugLogReader.Result read = DebugLogReader.read(files.get(0));
        List<DebugRecord> back = read.records();
        assertThat(back).hasSize(2);
        assertThat(read.skipped()).isEqualTo(1);
        assertThat(back.get(0).origin()).isEqualTo(DebugRecord.Origin.WORKBENCH);
        List<DebugRecord> mem = log.records();
        assertThat(back.get(0).requestId()).isEqualTo(mem.get(0).requestId());
        assertThat(back.get(0).chunks().events()).isEqualTo(mem.get(0).chunks().events());
        assertThat(back.get(1).responseBody()).isEqualTo(mem.get(1).responseBody());
    }

    @Test
    void configuredKeysAreScrubbedFromBodiesAndChunks() {
        DebugLogger log = logger(DebugSettings.inMemory(10));
        log.setSecrets(List.of("sk-live-SECRET-123456"));
        run(sim().chatStream(ChatRequest.ofUser("my key is sk-live-SECRET-123456 ok"), c -> { }));
        awaitSize(log, 1);
        DebugRecord rec = log.records().get(0);
        assertThat(rec.requestBody()).doesNotContain("SECRET").contains("***");
        assertThat(String.join("", rec.chunks().events())).doesNotContain("SECRET");
    }

    @Test
    void nothingIsRecordedWhenDisabled() {
        DebugLogger log = logger(DebugSettings.inMemory(10));
        log.setEnabled(false);
        run(sim().chat(ChatRequest.ofUser("x")));
        log.flush(2_000);
        assertThat(log.size()).isZero();
    }

    @Test
    void exportsJsonlCsvAndHarWithProgressAndCancellation() throws Exception {
        DebugLogger log = logger(DebugSettings.inMemory(10));
        run(sim().chatStream(ChatRequest.ofUser("stream, \"quoted\""), c -> { }));
        run(sim().chat(ChatRequest.ofUser("plain")));
        awaitSize(log, 2);
        assertThat(log.flush(5_000)).isTrue();
        // the streamed record first, whatever order the two completions reached the ring in
        List<DebugRecord> recs = log.records().stream()
                .sorted(java.util.Comparator.comparing(r -> !r.stream())).toList();

        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        List<int[]> progress = new ArrayList<>();
        assertThat(DebugExporter.export(recs, DebugExporter.Format.JSONL, jsonl, (d, t) -> progress.add(
                new int[]{d, t}), null)).isEqualTo(2);
        assertThat(jsonl.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
        assertThat(progress.get(progress.size() - 1)).containsExactly(2, 2);

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        DebugExporter.export(recs, DebugExporter.Format.CSV, csv, null, null);
        List<String> rows = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(rows.get(0)).startsWith("ts,request_id,provider,model");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).contains(recs.get(0).requestId()).contains("simx");

        ByteArrayOutputStream har = new ByteArrayOutputStream();
        DebugExporter.export(recs, DebugExporter.Format.HAR, har, null, null);
        JsonNode h = Json.MAPPER.readTree(har.toByteArray());
        assertThat(h.path("log").path("version").asText()).isEqualTo("1.2");
        JsonNode entries = h.path("log").path("entries");
        assertThat(entries.size()).isEqualTo(2);
        JsonNode streamed = entries.get(0);
        assertThat(streamed.path("request").path("method").asText()).isEqualTo("POST");
        assertThat(streamed.path("request").path("postData").path("text").asText()).contains("quoted");
        assertThat(streamed.path("response").path("content").path("mimeType").asText())
                .isEqualTo("text/event-stream");
        assertThat(streamed.path("response").path("content").path("text").asText()).startsWith("data: {")
                .endsWith("data: [DONE]\n\n");
        assertThat(entries.get(1).path("response").path("content").path("text").asText())
                .contains("chat.completion");
        for (String k : List.of("startedDateTime", "time", "request", "response", "cache", "timings")) {
            assertThat(streamed.has(k)).as(k).isTrue();
        }

        assertThatThrownBy(() -> DebugExporter.export(recs, DebugExporter.Format.CSV, new ByteArrayOutputStream(),
                null, () -> true)).isInstanceOf(CancellationException.class);
    }
}
