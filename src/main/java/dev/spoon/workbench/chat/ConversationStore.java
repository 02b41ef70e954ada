package dev.spoon.workbench.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spoon.llm.io.SecureFiles;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The folder of saved conversations: where a new conversation is saved, the list of saved ones (with their
 * titles, read without loading whole files), reading, writing and Markdown export. Blocking file I/O: call
 * it from background work ({@code BackgroundTask.run}), never from the UI thread.
 */
public final class ConversationStore {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    /** One saved conversation as the Open menu lists it. */
    public record Saved(Path file, String title, Instant created) {
    }

    private final Path dir;

    /** The data folder's {@code conversations} folder. */
    public static Path defaultDir() {
        return dev.spoon.llm.config.SpoonPaths.dataDir().resolve("conversations");
    }

    /** @param dir the folder (created on the first save) */
    public ConversationStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file a new conversation titled {@code title}, started at {@code created}, is saved to. */
    public Path newFile(String title, Instant created) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return dir.resolve(FILE_TIME.format(created) + "-"
                + (slug.isEmpty() ? "chat" : slug.substring(0, Math.min(40, slug.length()))) + ".json");
    }

    /** Writes {@code c} to {@code file} atomically (user-only permissions). */
    public void write(Conversation c, Path file) throws IOException {
        c.write(file);
    }

    /**
     * Reads a conversation.
     *
     * @throws IOException when the file cannot be read or is not a conversation (the message says why)
     */
    public Conversation read(Path file) throws IOException {
        return Conversation.read(file);
    }

    /** Writes {@code c} as Markdown to {@code file} atomically. */
    public void exportMarkdown(Conversation c, Path file) throws IOException {
        SecureFiles.writeAtomically(file, c.toMarkdown());
    }

    /** The saved conversations, newest first; a file that cannot be read is listed by its name. */
    public List<Saved> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        List<Saved> out = new ArrayList<>();
        for (Path f : files) {
            out.add(heading(f));
        }
        out.sort(Comparator.comparing(Saved::created).reversed().thenComparing(s -> s.file().getFileName()));
        return out;
    }

    /** The title and start time of {@code file}, read from the top of the file only. */
    static Saved heading(Path file) {
        String title = null;
        Instant created = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME && (title == null || created == null)) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("title".equals(name) && v == JsonToken.VALUE_STRING) {
                        title = p.getText();
                    } else if ("created".equals(name) && v == JsonToken.VALUE_STRING) {
                        created = parseInstant(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // listed by its file name below
        }
        if (created == null) {
            try {
                created = Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                created = Instant.EPOCH;
            }
        }
        return new Saved(file, title == null || title.isBlank() ? file.getFileName().toString() : title, created);
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
