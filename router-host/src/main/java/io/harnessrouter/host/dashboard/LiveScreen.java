package io.harnessrouter.host.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code dashboard --watch} on a terminal: the alternate screen, redrawn every interval and at
 * once when the window is resized, lines coloured and cut to its width and height; {@code q} (or
 * Ctrl-C, or end of input) quits and gives the terminal back as it was. Only the dashboard loads
 * this class, so JLine stays off the server's start path.
 *
 * <p>Not thread-safe: one screen per terminal.
 */
public final class LiveScreen {

    /** Terminals that report no size (some pseudo-terminals) are drawn at this size. */
    static final Size FALLBACK = new Size(100, 40);

    private final Terminal terminal;
    private final Supplier<DashboardFrame> frames;
    private final Duration interval;
    private final boolean colour;
    private final AtomicBoolean quit = new AtomicBoolean();
    private final AtomicBoolean resized = new AtomicBoolean(true);

    /**
     * @param frames   draws a frame; a failure is shown on screen and the next interval tries again
     * @param interval how often the state is read again
     */
    public LiveScreen(Terminal terminal, Supplier<DashboardFrame> frames, Duration interval, boolean colour) {
        this.terminal = terminal;
        this.frames = frames;
        this.interval = interval;
        this.colour = colour;
    }

    /**
     * Runs a screen on the process's own terminal until {@code q}; returns the exit code (0). The
     * command calls this, never JLine itself: a JLine type in the command's own code would be
     * loaded when picocli registers the command, on the server's start path too.
     */
    public static int runOnSystemTerminal(Supplier<DashboardFrame> frames, Duration interval, boolean colour)
            throws IOException {
        try (Terminal t = TerminalBuilder.builder().system(true).build()) {
            return new LiveScreen(t, frames, interval, colour).run();
        }
    }

    /** Runs until {@code q}; returns the exit code (0). */
    public int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        Display display = new Display(terminal, true);
        NonBlockingReader in = terminal.reader();
        try {
            long nextDraw = 0;
            while (!quit.get()) {
                long now = System.currentTimeMillis();
                Size size = size();
                if (resized.getAndSet(false)) {
                    display.clear();
                    display.resize(size.getRows(), size.getColumns());
                    nextDraw = now;
                }
                if (now >= nextDraw) {
                    display.update(screen(size), -1);
                    terminal.flush();
                    nextDraw = now + interval.toMillis();
                }
                // Short reads so a resize is drawn within 100 ms, not at the next interval.
                int c = in.read(Math.max(1, Math.min(100, nextDraw - System.currentTimeMillis())));
                if (c == 'q' || c == 'Q' || c == 3 || c == NonBlockingReader.EOF) {
                    quit.set(true);
                }
            }
        } finally {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
        return 0;
    }

    private Size size() {
        Size s = terminal.getSize();
        return s == null || s.getColumns() <= 0 || s.getRows() <= 0 ? FALLBACK : s;
    }

    /** The frame's lines fitted to the screen, with the key help last. */
    List<AttributedString> screen(Size size) {
        // One column spare: a line that fills the last column makes some terminals wrap.
        int cols = Math.max(20, size.getColumns() - 1);
        List<AttributedString> lines = new ArrayList<>();
        try {
            lines.addAll(new DashboardText(cols, colour).lines(frames.get()));
        } catch (RuntimeException e) {
            lines.add(new AttributedString("could not read the state: " + e.getMessage(),
                    colour ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED) : AttributedStyle.DEFAULT));
        }
        int room = Math.max(1, size.getRows() - 1);
        if (lines.size() > room) {
            int hidden = lines.size() - room + 1;
            lines = new ArrayList<>(lines.subList(0, room - 1));
            lines.add(fit("… " + hidden + " more lines: enlarge the window, or run without --watch", cols,
                    AttributedStyle.DEFAULT));
        }
        lines.add(fit("q quits · refreshed every " + interval.toMillis() + " ms", cols,
                colour ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT));
        return lines;
    }

    private static AttributedString fit(String text, int cols, AttributedStyle style) {
        return new AttributedString(text.length() > cols ? text.substring(0, cols - 1) + "…" : text, style);
    }
}
