package io.harnessrouter.api;

/**
 * Root of every exception harness-router throws on purpose. Unchecked: callers that can act on a
 * condition catch the specific subclass.
 *
 * @since 0.1.0
 */
public class HarnessRouterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HarnessRouterException(String message) {
        super(message);
    }

    public HarnessRouterException(String message, Throwable cause) {
        super(message, cause);
    }
}
