package dev.spoon.workbench;

import dev.spoon.llm.LlmException;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one line the workbench shows for a failure of background work: a provider error in the core's display
 * form, a file error naming the file, a time limit, a cancellation. The wrappers futures and the executor
 * add ({@link CompletionException}, {@link ExecutionException}, {@link UncheckedIOException}) are looked
 * through.
 */
public final class FailureText {
    private FailureText() {
    }

    /** The failure inside the wrappers futures and executors add. */
    public static Throwable cause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException
                || c instanceof UncheckedIOException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Whether {@code t} is (or wraps) a cancellation. */
    public static boolean isCancellation(Throwable t) {
        return cause(t) instanceof CancellationException;
    }

    /** One line saying what went wrong. */
    public static String of(Throwable t) {
        Throwable c = cause(t);
        if (c instanceof LlmException le) {
            return llm(le);
        }
        if (c instanceof CancellationException) {
            return "cancelled";
        }
        if (c instanceof TimeoutException) {
            return c.getMessage() != null ? c.getMessage() : "no answer in time";
        }
        if (c instanceof NoSuchFileException e) {
            return "no such file or folder: " + e.getFile();
        }
        if (c instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (c instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }

    /** A provider error: the core's one display line ({@link LlmException#displayLine()}). */
    public static String llm(LlmException e) {
        return e.displayLine();
    }
}
