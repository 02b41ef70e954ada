package dev.spoon.llm.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The debug log on disk: whole lines, damage kept to one line, tolerant readers, private files, atomic exports. */
class DebugLogFilesTest {
    @TempDir
    Path dir;

    static DebugRecord record(String id, String body) {
        return DebugRecord.builder().requestId(id).provider("p").model("m").method("POST")
                .endpoint("https://example.org/v1/chat/completions").status(200).durationMs(12)
                .requestBody(body).responseBody("{\"ok\":true}").build();
    }

    static String line(DebugRecord r) {
        return RecordJson.line(r) + "\n";
    }

    @Test
    void aStreamedRecordIsWrittenAsUtf8StraightFromTheGeneratorAndReadsBackTheSame() throws Exception {
        ChunkLog.Builder chunks = new ChunkLog.Builder();
        for (int i = 0; i < 5000; i++) {
            chunks.add("{\"delta\":\"caf\u00e9 \u2603 \\\"" + i + "\\\"\"}", i * 10L);
        }
        DebugRecord r = DebugRecord.builder().requestId("req_s").provider("p").model("m").method("POST")
                .endpoint("https://example.org/v1/chat/completions").status(200).durationMs(12).stream(true)
                .requestBody("{}").chunks(chunks.build()).build();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RecordJson.writeLine(r, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(RecordJson.line(r));
        DebugRecord back = RecordJson.read(dev.spoon.llm.json.Json.MAPPER.readTree(out.toByteArray()));
        assertThat(back.chunks().events()).isEqualTo(r.chunks().events());
        assertThat(back.chunks().event(4999)).isEqualTo("{\"delta\":\"caf\u00e9 \u2603 \\\"4999\\\"\"}");
    }

    @Test
    void readersSkipDamagedLinesKeepTheRestAndCountThem() throws Exception {
        Path f = dir.resolve("debug-2026-12-01.jsonl");
        byte[] accented = line(record("req_a", "caf\u00e9 \u00fcber")).getBytes(StandardCharsets.UTF_8);
        int cut = indexOf(accented, (byte) 0xC3) + 1; // inside the two bytes of "é"
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(line(record("req_1", "one")).getBytes(StandardCharsets.UTF_8));
        out.write(accented, 0, cut);                                          // cut mid-character, then a newline
        out.write('\n');
        out.write(line(record("req_2", "two")).getBytes(StandardCharsets.UTF_8));
        out.write(new byte[]{'{', '"', 't', 's', '"', ':', (byte) 0xFF, (byte) 0xFE, '}', '\n'}); // invalid UTF-8
        out.write("{\"ts\": \"2026-12-01T00:00:00Z\", \"request_id\": \n".getBytes(StandardCharsets.UTF_8)); // cut
        out.write("[1, 2, 3]\n\n   \n".getBytes(StandardCharsets.UTF_8));  // JSON that is no record; blank lines
        out.write(line(record("req_3", "three \u6f22\u5b57")).getBytes(StandardCharsets.UTF_8));
        byte[] last = line(record("req_4", "four")).getBytes(StandardCharsets.UTF_8);
        out.write(last, 0, last.length - 1);                                  // complete, but no final newline
        Files.write(f, out.toByteArray());

        DebugLogReader.Result r = DebugLogReader.read(f);
        assertThat(r.records()).extracting(DebugRecord::requestId).containsExactly("req_1", "req_2", "req_3",
                "req_4");
        assertThat(r.records().get(2).requestBody()).isEqualTo("three \u6f22\u5b57");
        assertThat(r.skipped()).isEqualTo(4);
        // a second file adds up
        Path g = dir.resolve("debug-2026-12-02.jsonl");
        Files.writeString(g, line(record("req_5", "five")) + "garbage\n");
        DebugLogReader.Result both = DebugLogReader.read(DailyFiles.list(dir));
        assertThat(both.records()).hasSize(5);
        assertThat(both.skipped()).isEqualTo(5);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    @Test
    void aLineLeftBrokenByAKilledWriterIsEndedSoTheNextRecordIsNotLost() throws Exception {
        Path logs = dir.resolve("logs");
        Path f;
        try (DebugLogger first = new DebugLogger(new DebugSettings(true, 10, true, null, logs))) {
            first.record(record("req_before", "before"));
            assertThat(first.flush(5_000)).isTrue();
            f = first.currentFile();
        }
        String half = line(record("req_killed", "the writer died here"));
        Files.writeString(f, half.substring(0, half.length() / 2), StandardOpenOption.APPEND); // no newline
        try (DebugLogger next = new DebugLogger(new DebugSettings(true, 10, true, null, logs))) {
            next.record(record("req_after", "after"));
            assertThat(next.flush(5_000)).isTrue();
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(3);
        DebugLogReader.Result r = DebugLogReader.read(f);
        assertThat(r.records()).extracting(DebugRecord::requestId).containsExactly("req_before", "req_after");
        assertThat(r.skipped()).isEqualTo(1);
    }

    @Test
    void theLogFolderIsUserOnlyAndSoAreItsFilesEvenOnesMadeBefore() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("old-logs"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DebugLogger log = new DebugLogger(new DebugSettings(true, 10, true, null, logs))) {
            log.record(record("req_1", "x"));
            assertThat(log.flush(5_000)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.currentFile())))
                    .isEqualTo("rw-------");
        }
        Path fresh = dir.resolve("a").resolve("logs");
        Path old = Files.createDirectories(dir.resolve("b")).resolve("debug.jsonl");
        Files.writeString(old, "");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        try (DebugLogger daily = new DebugLogger(new DebugSettings(true, 10, true, null, fresh));
             DebugLogger fixed = new DebugLogger(new DebugSettings(true, 10, true, old, null))) {
            daily.record(record("req_2", "y"));
            fixed.record(record("req_3", "z"));
            assertThat(daily.flush(5_000) && fixed.flush(5_000)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rw-------");
        }
    }

    @Test
    void loggersOfOneProcessAppendingToOneFileNeverInterleave() throws Exception {
        Path file = dir.resolve("shared.jsonl");
        int loggers = 4;
        int each = 300;
        String big = "x".repeat(20_000); // well past any write buffer, so an unlocked write would split
        List<DebugLogger> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(loggers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int l = 0; l < loggers; l++) {
                DebugLogger log = new DebugLogger(new DebugSettings(true, 10, true, file, null));
                all.add(log);
                int n = l;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.record(record("req_" + n + "_" + i, big));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
            all.forEach(DebugLogger::close);
        }
        DebugLogReader.Result r = DebugLogReader.read(file);
        assertThat(r.skipped()).isZero();
        assertThat(r.records()).hasSize(loggers * each);
        assertThat(r.records()).allSatisfy(rec -> assertThat(rec.requestBody()).hasSize(20_000));
    }

    @Test
    void otherComponentsAddRecordsThatAreScrubbedAndKeepTheirKind() throws Exception {
        Path file = dir.resolve("mcp.jsonl");
        try (DebugLogger log = new DebugLogger(new DebugSettings(true, 10, true, file, null),
                DebugRecord.Origin.CLI)) {
            log.setSecrets(List.of("tok-SECRET-42424242"));
            log.record(DebugRecord.mcp("everything", "tools/call")
                    .requestBody("{\"name\":\"echo\",\"arguments\":{\"token\":\"tok-SECRET-42424242\"}}")
                    .responseBody("{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"isError\":false}")
                    .requestHeaders(Map.of("Authorization", List.of("Bearer tok-SECRET-42424242"),
                            "X-Plain", List.of("visible")))
                    .durationMs(7).build());
            log.record(DebugRecord.mcp("remote", "tools/list").endpoint("http://127.0.0.1:3001/mcp")
                    .error("McpError", -32601, "Method not found: tok-SECRET-42424242").durationMs(3).build());
            log.record(DebugRecord.builder().provider("openai").model("gpt-4o-mini").method("POST")
                    .endpoint("http://127.0.0.1:8787/v1/chat/completions").origin(DebugRecord.Origin.GATEWAY)
                    .tags(Map.of(DebugRecord.USER_AGENT_TAG, "OpenAI/Python 1.40.0")).status(200).build());
            assertThat(log.flush(5_000)).isTrue();
            assertThat(log.records()).extracting(DebugRecord::seq).containsExactly(1L, 2L, 3L);
        }
        String text = Files.readString(file);
        assertThat(text).doesNotContain("SECRET");
        List<DebugRecord> back = DebugLogReader.read(file).records();
        assertThat(back).extracting(DebugRecord::kind).containsExactly(DebugRecord.Kind.MCP, DebugRecord.Kind.MCP,
                DebugRecord.Kind.LLM);
        assertThat(back).extracting(DebugRecord::origin).containsExactly(DebugRecord.Origin.CLI,
                DebugRecord.Origin.CLI, DebugRecord.Origin.GATEWAY);
        DebugRecord call = back.get(0);
        assertThat(call.provider()).isEqualTo("everything");
        assertThat(call.method()).isEqualTo("tools/call");
        assertThat(call.endpoint()).isEqualTo("mcp://everything");
        assertThat(call.requestBody()).contains("\"token\":\"***\"");
        assertThat(call.requestHeaders()).containsEntry("Authorization", List.of("***"))
                .containsEntry("X-Plain", List.of("visible"));
        assertThat(back.get(1).error().status()).isEqualTo(-32601);
        assertThat(back.get(2).userAgent()).isEqualTo("OpenAI/Python 1.40.0");
        JsonNode first = Json.tryParse(text.lines().findFirst().orElseThrow());
        assertThat(first.path("kind").asText()).isEqualTo("mcp");
        assertThat(first.path("origin").asText()).isEqualTo("cli");
    }

    @Test
    void anExportReplacesItsFileOnlyWhenComplete() throws Exception {
        Path out = dir.resolve("existing.har");
        Files.writeString(out, "the good old export");
        List<DebugRecord> recs = List.of(record("req_1", "one"), record("req_2", "two"));
        assertThatThrownBy(() -> DebugExporter.exportTo(out, recs, DebugExporter.Format.HAR, null, () -> true))
                .isInstanceOf(CancellationException.class);
        assertThat(Files.readString(out)).isEqualTo("the good old export");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("existing.har");
        }
        assertThat(DebugExporter.exportTo(out, recs, DebugExporter.Format.HAR, null, null)).isEqualTo(2);
        assertThat(Json.MAPPER.readTree(out.toFile()).path("log").path("entries").size()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void aHugeMaxRecordsReservesNothingAndTheRingStillDropsTheOldest() {
        try (DebugLogger huge = new DebugLogger(DebugSettings.inMemory(Integer.MAX_VALUE));
             DebugLogger small = new DebugLogger(DebugSettings.inMemory(3))) {
            for (int i = 0; i < 5; i++) {
                huge.record(record("req_" + i, "x"));
                small.record(record("req_" + i, "x"));
            }
            assertThat(huge.size()).isEqualTo(5);
            assertThat(small.records()).extracting(DebugRecord::requestId).containsExactly("req_2", "req_3",
                    "req_4");
        }
    }

    @Test
    void aFollowingLoggerShowsWhatOtherProcessesAppendAndItsOwnRecordsOnce() throws Exception {
        Path logs = dir.resolve("logs");
        try (DebugLogger earlier = new DebugLogger(new DebugSettings(true, 10, true, null, logs),
                DebugRecord.Origin.CLI)) {
            for (int i = 0; i < 5; i++) {
                earlier.record(record("req_before_" + i, "x"));
            }
        }
        try (DebugLogger workbench = new DebugLogger(new DebugSettings(true, 4, true, null, logs));
             DebugLogger cli = new DebugLogger(new DebugSettings(true, 10, true, null, logs),
                     DebugRecord.Origin.CLI)) {
            List<DebugLogListener.Change> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            workbench.addListener(changes::add);
            workbench.followFile();
            assertThat(workbench.flush(5_000)).isTrue();
            // the day's history, at most max_records (4)
            assertThat(workbench.records()).extracting(DebugRecord::requestId)
                    .containsExactly("req_before_1", "req_before_2", "req_before_3", "req_before_4");
            workbench.record(record("req_own_1", "mine"));
            assertThat(workbench.flush(5_000)).isTrue();
            assertThat(workbench.flush(5_000)).isTrue(); // read the file again: its own record is not taken twice
            assertThat(workbench.records()).extracting(DebugRecord::requestId)
                    .containsExactly("req_before_2", "req_before_3", "req_before_4", "req_own_1");

            cli.record(record("req_cli_1", "from the command line"));
            assertThat(cli.flush(5_000)).isTrue();
            workbench.record(record("req_own_2", "mine again"));
            assertThat(workbench.flush(5_000)).isTrue();
            assertThat(workbench.records()).extracting(DebugRecord::requestId)
                    .containsExactlyInAnyOrder("req_before_4", "req_own_1", "req_own_2", "req_cli_1");
            assertThat(workbench.find("req_cli_1")).get().extracting(DebugRecord::origin)
                    .isEqualTo(DebugRecord.Origin.CLI);
            assertThat(changes.stream().flatMap(c -> c.added().stream()).map(DebugRecord::requestId))
                    .contains("req_cli_1");

            // a line another process is still writing is read once it is whole
            String half = line(record("req_slow", "s"));
            Path file = workbench.currentFile();
            Files.writeString(file, half.substring(0, 40), StandardOpenOption.APPEND);
            assertThat(workbench.flush(5_000)).isTrue();
            assertThat(workbench.find("req_slow")).isEmpty();
            Files.writeString(file, half.substring(40), StandardOpenOption.APPEND);
            assertThat(workbench.flush(5_000)).isTrue();
            assertThat(workbench.find("req_slow")).isPresent();
            assertThat(workbench.isFollowingFile()).isTrue();
            Files.writeString(file, "{\"cut\": \n", StandardOpenOption.APPEND); // a damaged line
            assertThat(workbench.flush(5_000)).isTrue();
            assertThat(workbench.damagedLinesSkipped()).isEqualTo(1);
        }
    }
}
