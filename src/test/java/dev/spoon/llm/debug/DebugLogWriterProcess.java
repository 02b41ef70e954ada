package dev.spoon.llm.debug;

import java.nio.file.Path;

/**
 * A process that appends records to a debug log, for the multi-process tests and benchmark: arguments are the
 * file, this writer's name, how many records, the body size in characters, and a file to wait for before
 * starting (so all writers start together).
 */
public final class DebugLogWriterProcess {
    private DebugLogWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        String body = "b".repeat(Integer.parseInt(args[3]));
        System.in.read(); // the parent's "go"
        try (DebugLogger log = new DebugLogger(new DebugSettings(true, 16, true, file, null), DebugRecord.Origin.CLI)) {
            for (int i = 0; i < count; i++) {
                log.record(DebugRecord.builder().requestId("req_" + name + "_" + i).provider(name).model("m")
                        .method("POST").endpoint("sim://" + name).status(200).requestBody(body)
                        .responseBody("{\"i\":" + i + "}").build());
                if (i % 10 == 0) {
                    log.flush(10_000); // many small appends, as separate CLI commands would make
                }
            }
        }
    }
}
