package io.harnessrouter.host.plugins;

import java.lang.reflect.InvocationTargetException;

/** Turns a throwable from plugin code into the one line a user reads. Stateless. */
final class Failures {

    private Failures() {
    }

    /**
     * {@code <SimpleName>: <message>} of the innermost cause, which is the plugin's own exception
     * under PF4J's and reflection's wrappers.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InvocationTargetException ite && ite.getTargetException() != null) {
            root = ite.getTargetException();
        }
        if (root instanceof PluginCallException) {
            return root.getMessage(); // already says what the plugin did
        }
        String message = root.getMessage();
        String name = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}
