package dev.spoon.cli;

import dev.spoon.llm.Redactor;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output or error of a CLI run, with every secret of the run's {@link Redactor} masked in what is
 * printed as text ({@code print}, {@code println}, {@code printf}, {@code append}): error lines, JSON objects,
 * tables, answers. Raw bytes written with {@code write} (the streamed deltas of {@code chat --stream}, which are
 * the model's own output) pass through unchanged, so streaming stays as fast as before.
 */
final class RedactingPrintStream extends PrintStream {
    private final Redactor redactor;

    RedactingPrintStream(PrintStream target, Redactor redactor) {
        super(target, false, StandardCharsets.UTF_8);
        this.redactor = redactor;
    }

    @Override
    public void print(String s) {
        super.print(redactor.redact(s));
    }

    @Override
    public void print(Object obj) {
        print(String.valueOf(obj));
    }

    @Override
    public void print(char[] s) {
        print(new String(s));
    }

    @Override
    public void println(String x) {
        synchronized (this) {
            print(x);
            println();
        }
    }

    @Override
    public void println(Object x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(char[] x) {
        println(new String(x));
    }

    @Override
    public PrintStream append(CharSequence csq) {
        print(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        return append(csq == null ? "null" : csq.subSequence(start, end));
    }
}
