package io.harnessrouter.host.onboard;

import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

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
}
