package io.harnessrouter.host.onboard;

import java.util.Optional;

/** Asks the user one line at a time. */
public interface Prompter {

    /** Shows {@code prompt} and reads one line; empty when the input ended or the user interrupted (abort). */
    Optional<String> ask(String prompt);
}
