package dev.spoon.llm.debug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Several real processes (JVMs on the test class path) append to one debug-log file at the same time. */
class DebugLogProcessesTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordOfEveryProcessIsOneWholeReadableLine() throws Exception {
        Path file = dir.resolve("debug-shared.jsonl");
        int processes = 4;
        int each = 100;
        int bodyChars = 30_000; // several pipe/page sizes: an unlocked writer's line would be split by others
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), DebugLogWriterProcess.class.getName(), file.toString(),
                    "w" + p, String.valueOf(each), String.valueOf(bodyChars))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("w" + p + ".out").toFile()).start());
        }
        for (Process p : running) { // all JVMs are up: let them write at once
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
        }
        for (Process p : running) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("w0.out"))).isZero();
        }
        DebugLogReader.Result r = DebugLogReader.read(file);
        assertThat(r.skipped()).isZero();
        assertThat(r.records()).hasSize(processes * each);
        Set<String> ids = new HashSet<>();
        r.records().forEach(rec -> ids.add(rec.requestId()));
        assertThat(ids).hasSize(processes * each);
        assertThat(r.records()).allSatisfy(rec -> {
            assertThat(rec.requestBody()).hasSize(bodyChars);
            assertThat(rec.origin()).isEqualTo(DebugRecord.Origin.CLI);
        });
        assertThat(Files.readAllLines(file)).hasSize(processes * each);
    }
}
