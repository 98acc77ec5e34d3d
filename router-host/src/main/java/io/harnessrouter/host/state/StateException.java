package io.harnessrouter.host.state;

import io.harnessrouter.api.HarnessRouterException;

/** The state database could not be opened, read or written; the message says which file and why. */
public class StateException extends HarnessRouterException {
    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
