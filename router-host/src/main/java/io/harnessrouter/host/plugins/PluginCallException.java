package io.harnessrouter.host.plugins;

/**
 * A call into plugin code that threw, returned null where a value is required, or did not return
 * in time. The message names the harness and the method and says which, for example
 * {@code harness acme (plugin acme@1.0.0): dispatcher() did not return within 5 s}; it is what
 * status, doctor and the banner show as the route's reason.
 */
public final class PluginCallException extends RuntimeException {

    PluginCallException(String message) {
        super(message, null, false, false);
    }
}
