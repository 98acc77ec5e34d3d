package io.harnessrouter.host.doctor;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Where the report goes: findings to {@code out}, plugin problems to {@code err}, each line
 * flushed as soon as it is known (a live probe can take a minute) and passed through the
 * {@link Redactor} first. Not thread-safe: one report is written by one thread.
 */
final class ReportWriter {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Style style;
    private final Redactor redactor;

    ReportWriter(PrintWriter out, PrintWriter err, Style style, Redactor redactor) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.style = Objects.requireNonNull(style, "style");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    Style style() {
        return style;
    }

    void line(String text) {
        out.println(redactor.apply(text));
        out.flush();
    }

    void blank() {
        out.println();
        out.flush();
    }

    void problem(String text) {
        err.println(redactor.apply(text));
        err.flush();
    }
}
