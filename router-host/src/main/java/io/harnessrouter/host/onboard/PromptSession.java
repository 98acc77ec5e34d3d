package io.harnessrouter.host.onboard;

import java.io.PrintWriter;

/**
 * The terminal onboarding talks to: where it writes and how it asks. JLine-free on purpose: the
 * {@code onboard} command is built at every start of harness-router (picocli makes every
 * subcommand), and JLine must load only when onboarding really opens a terminal
 * ({@link TerminalPrompter#system()}).
 */
public interface PromptSession extends AutoCloseable {

    /** Where the wizard's questions and preview go. */
    PrintWriter writer();

    /** How it reads the answers. */
    Prompter prompter();

    /** Gives the terminal back (restores its mode). Never throws. */
    @Override
    void close();
}
