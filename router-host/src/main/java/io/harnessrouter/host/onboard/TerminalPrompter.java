package io.harnessrouter.host.onboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Reads answers through JLine: line editing and history on a real terminal, plain lines from a
 * dumb terminal (piped input, scripted tests). Ctrl-C and Ctrl-D end the wizard without writing.
 */
public final class TerminalPrompter implements Prompter {

    private final LineReader reader;

    public TerminalPrompter(Terminal terminal) {
        this.reader = LineReaderBuilder.builder().terminal(terminal)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    @Override
    public Optional<String> ask(String prompt) {
        try {
            return Optional.of(reader.readLine(prompt).strip());
        } catch (EndOfFileException | UserInterruptException e) {
            return Optional.empty();
        }
    }

    /** A session over this process's terminal (a dumb one when stdin is piped). */
    public static PromptSession system() {
        try {
            return session(TerminalBuilder.builder().system(true).dumb(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** A session over {@code terminal}; closing it closes the terminal. */
    public static PromptSession session(Terminal terminal) {
        TerminalPrompter prompter = new TerminalPrompter(terminal);
        return new PromptSession() {
            @Override
            public PrintWriter writer() {
                return terminal.writer();
            }

            @Override
            public Prompter prompter() {
                return prompter;
            }

            @Override
            public void close() {
                try {
                    terminal.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
            }
        };
    }
}
