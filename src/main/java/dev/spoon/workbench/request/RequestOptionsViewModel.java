package dev.spoon.workbench.request;

import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.RequestOptions;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.json.JsonSchemaValidator;
import dev.spoon.workbench.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The state of a {@link RequestOptionsBar} (no Nodes): attached images, the answer format with its JSON Schema,
 * reasoning effort, extra body fields and headers, each typed field validated as it changes. Files are read and
 * encoded on the injected executor, never on the UI thread. {@link #options()} takes the snapshot a send uses.
 *
 * <p>Thread rules: call everything on the UI thread (or the test's thread with a direct executor).
 */
public final class RequestOptionsViewModel {

    /** The option groups; a bar shows only those the core can send. */
    public enum Feature { IMAGES, RESPONSE_FORMAT, REASONING_EFFORT, CACHE_PROMPT, EXTRA_BODY, HEADERS }

    /** Reasoning effort levels, as the CLI's {@code --reasoning-effort} names them. */
    public static final List<String> EFFORTS = java.util.Arrays.stream(ReasoningEffort.values())
            .map(ReasoningEffort::wireName).toList();

    /** The option groups the core request model carries. */
    public static final Set<Feature> SUPPORTED = EnumSet.allOf(Feature.class);

    private final TaskExecutor executor;
    private final Set<Feature> features;
    private final ObservableList<ImageAttachment> images = FXCollections.observableArrayList();
    private final StringProperty imageProblem = new SimpleStringProperty(this, "imageProblem", "");
    private final IntegerProperty reading = new SimpleIntegerProperty(this, "reading", 0);
    private final ObjectProperty<ResponseFormatChoice> format =
            new SimpleObjectProperty<>(this, "format", ResponseFormatChoice.TEXT);
    private final StringProperty schemaText = new SimpleStringProperty(this, "schemaText", "");
    private final ReadOnlyStringWrapper schemaError = new ReadOnlyStringWrapper(this, "schemaError");
    private final ObjectProperty<String> reasoningEffort = new SimpleObjectProperty<>(this, "reasoningEffort");
    private final BooleanProperty cachePrompt = new SimpleBooleanProperty(this, "cachePrompt");
    private final StringProperty extraBodyText = new SimpleStringProperty(this, "extraBodyText", "");
    private final ReadOnlyStringWrapper extraBodyError = new ReadOnlyStringWrapper(this, "extraBodyError");
    private final StringProperty headersText = new SimpleStringProperty(this, "headersText", "");
    private final ReadOnlyStringWrapper headersError = new ReadOnlyStringWrapper(this, "headersError");
    private final BooleanBinding valid;
    private final StringBinding summary;
    private final BooleanProperty schemaChecking = new SimpleBooleanProperty(this, "schemaChecking");
    private int pasted;

    /** Options for the groups in {@code features}; the others stay at their defaults and are never sent. */
    public RequestOptionsViewModel(TaskExecutor executor, Set<Feature> features) {
        this.executor = executor;
        this.features = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        schemaText.addListener((o, a, b) -> checkSchema());
        format.addListener((o, a, b) -> checkSchema());
        extraBodyText.addListener((o, a, b) -> extraBodyError.set(JsonObjectInput.parse("Extra body", b).error()));
        headersText.addListener((o, a, b) -> headersError.set(HeaderLines.parse(b).error()));
        valid = Bindings.createBooleanBinding(() -> problem() == null, schemaError, extraBodyError, headersError,
                reading, schemaChecking);
        summary = Bindings.createStringBinding(this::describe, format, reasoningEffort, cachePrompt, extraBodyText,
                headersText, schemaError, extraBodyError, headersError);
    }

    public boolean supports(Feature f) {
        return features.contains(f);
    }

    // ------------------------------------------------------------------ images

    /** Attaches {@code files} (read and checked in the background); a refused file is named in {@link #imageProblemProperty()}. */
    public CompletableFuture<Void> attach(List<Path> files) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Path f : files) {
            all.add(load(() -> ImageFiles.read(f)));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Attaches an image by its http(s) URL (the provider fetches it). */
    public CompletableFuture<Void> attachUrl(String url) {
        return load(() -> {
            try {
                return ImageFiles.url(url);
            } catch (IllegalArgumentException e) {
                throw new ImageFiles.ImageRefused(e.getMessage());
            }
        });
    }

    /** Attaches a picture from the clipboard, encoded as PNG in the background. */
    public CompletableFuture<Void> attachPicture(Image picture) {
        String name = "pasted image " + (++pasted) + ".png";
        return load(() -> ImageFiles.png(name, picture));
    }

    private CompletableFuture<Void> load(java.util.function.Supplier<ImageAttachment> work) {
        imageProblem.set("");
        reading.set(reading.get() + 1);
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.submit(work).whenComplete((a, e) -> executor.ui(() -> {
            reading.set(reading.get() - 1);
            if (e == null) {
                images.add(a);
            } else {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                imageProblem.set(c instanceof ImageFiles.ImageRefused ? c.getMessage()
                        : "Could not attach the image: " + c);
            }
            done.complete(null);
        }));
        return done;
    }

    public void remove(ImageAttachment a) {
        images.remove(a);
        imageProblem.set("");
    }

    /** Decodes a small picture of {@code a} in the background and hands it to {@code show} on the UI thread. */
    public void thumbnail(ImageAttachment a, double size, java.util.function.Consumer<Image> show) {
        String data = a.part().base64Data();
        if (data == null) {
            return;
        }
        executor.submit(() -> new Image(new ByteArrayInputStream(Base64.getDecoder().decode(data)), size, size,
                true, true)).thenAccept(img -> executor.ui(() -> show.accept(img)));
    }

    // ------------------------------------------------------------------ validation and snapshot

    /**
     * Checks the schema editor: JSON syntax at once, then (in the background, the meta-schema is large) whether
     * it is a usable JSON Schema; a result for text that has changed meanwhile is dropped.
     */
    private void checkSchema() {
        schemaChecking.set(false);
        if (format.get() != ResponseFormatChoice.JSON_SCHEMA) {
            schemaError.set(null);
            return;
        }
        String text = schemaText.get();
        JsonObjectInput in = JsonObjectInput.parse("The JSON Schema", text);
        schemaError.set(in.error() != null ? in.error()
                : in.value() == null ? "Write the JSON Schema the answer must match, or choose another format." : null);
        if (in.value() == null) {
            return;
        }
        schemaChecking.set(true);
        executor.submit(() -> JsonSchemaValidator.schemaProblems(ResponseFormat.JsonSchema.fromJson(in.value()).schema()))
                .whenComplete((problems, e) -> executor.ui(() -> {
                    if (!java.util.Objects.equals(text, schemaText.get())
                            || format.get() != ResponseFormatChoice.JSON_SCHEMA) {
                        return; // a newer check runs
                    }
                    schemaChecking.set(false);
                    if (e != null) {
                        schemaError.set("The JSON Schema cannot be checked: " + e);
                    } else if (!problems.isEmpty()) {
                        schemaError.set("The JSON Schema is not valid: " + String.join("; ",
                                problems.subList(0, Math.min(3, problems.size())))
                                + (problems.size() > 3 ? " (and " + (problems.size() - 3) + " more)" : ""));
                    }
                }));
    }

    /** The first thing that keeps the options from being sent, for the user; null when they can be. */
    public String problem() {
        if (reading.get() > 0) {
            return "An image is still being read; send again in a moment.";
        }
        if (schemaChecking.get() && schemaError.get() == null) {
            return "The JSON Schema is still being checked; send again in a moment.";
        }
        for (String e : new String[] {schemaError.get(), extraBodyError.get(), headersError.get()}) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /**
     * The options as a send uses them: only the supported groups, images in the order attached.
     *
     * @throws IllegalStateException with {@link #problem()} when an input is wrong
     */
    public SendOptions options() {
        String p = problem();
        if (p != null) {
            throw new IllegalStateException(p);
        }
        ResponseFormatChoice f = supports(Feature.RESPONSE_FORMAT) ? format.get() : ResponseFormatChoice.TEXT;
        ResponseFormat rf = switch (f) {
            case TEXT -> ResponseFormat.TEXT;
            case JSON -> ResponseFormat.JSON;
            case JSON_SCHEMA -> ResponseFormat.JsonSchema.fromJson(JsonObjectInput.parse("", schemaText.get()).value());
        };
        RequestOptions core = new RequestOptions(rf,
                supports(Feature.REASONING_EFFORT) && reasoningEffort.get() != null
                        ? ReasoningEffort.parse(reasoningEffort.get()) : null,
                supports(Feature.CACHE_PROMPT) && cachePrompt.get(),
                supports(Feature.HEADERS) ? HeaderLines.parse(headersText.get()).headers() : java.util.Map.of());
        return new SendOptions(supports(Feature.IMAGES) ? List.copyOf(images) : List.of(), core,
                supports(Feature.EXTRA_BODY) ? JsonObjectInput.parse("", extraBodyText.get()).value() : null);
    }

    /** Forgets the attached images (after they were sent). */
    public void clearImages() {
        images.clear();
        imageProblem.set("");
    }

    /** What is set besides the defaults, in a few words ("JSON Schema · effort high · 1 header"); "" when nothing. */
    private String describe() {
        List<String> parts = new ArrayList<>();
        if (supports(Feature.RESPONSE_FORMAT) && format.get() != ResponseFormatChoice.TEXT) {
            parts.add(format.get().toString());
        }
        if (supports(Feature.REASONING_EFFORT) && reasoningEffort.get() != null) {
            parts.add("effort " + reasoningEffort.get());
        }
        if (supports(Feature.CACHE_PROMPT) && cachePrompt.get()) {
            parts.add("cache prompt");
        }
        JsonObjectInput body = JsonObjectInput.parse("", extraBodyText.get());
        if (supports(Feature.EXTRA_BODY) && body.value() != null) {
            int n = body.value().size();
            parts.add(n + (n == 1 ? " body field" : " body fields"));
        }
        int h = HeaderLines.parse(headersText.get()).headers().size();
        if (supports(Feature.HEADERS) && h > 0) {
            parts.add(h + (h == 1 ? " header" : " headers"));
        }
        if (schemaError.get() != null || extraBodyError.get() != null || headersError.get() != null) {
            parts.add("\u26A0 fix an error");
        }
        return String.join(" \u00B7 ", parts);
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<ImageAttachment> images() {
        return images;
    }

    /** Why the last image could not be attached; "" when it could. */
    public StringProperty imageProblemProperty() {
        return imageProblem;
    }

    /** How many images are being read. */
    public IntegerProperty readingProperty() {
        return reading;
    }

    public ObjectProperty<ResponseFormatChoice> formatProperty() {
        return format;
    }

    public StringProperty schemaTextProperty() {
        return schemaText;
    }

    public ReadOnlyStringProperty schemaErrorProperty() {
        return schemaError.getReadOnlyProperty();
    }

    /** {@code minimal|low|medium|high}, or null for the provider's default. */
    public ObjectProperty<String> reasoningEffortProperty() {
        return reasoningEffort;
    }

    /** Whether to mark the system prompt and tools as cacheable (Anthropic {@code cache_control}). */
    public BooleanProperty cachePromptProperty() {
        return cachePrompt;
    }

    public StringProperty extraBodyTextProperty() {
        return extraBodyText;
    }

    public ReadOnlyStringProperty extraBodyErrorProperty() {
        return extraBodyError.getReadOnlyProperty();
    }

    /** Extra headers, one {@code Name: value} per line. */
    public StringProperty headersTextProperty() {
        return headersText;
    }

    public ReadOnlyStringProperty headersErrorProperty() {
        return headersError.getReadOnlyProperty();
    }

    /** Whether {@link #options()} can be taken. */
    public BooleanBinding validBinding() {
        return valid;
    }

    /** The non-default options in a few words, for the collapsed bar. */
    public StringBinding summaryBinding() {
        return summary;
    }
}
