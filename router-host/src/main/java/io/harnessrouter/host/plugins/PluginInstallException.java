package io.harnessrouter.host.plugins;

/**
 * A {@code plugins install/remove/enable/disable} that was refused or failed; the message says
 * what and what to do, and is printed as it is (no stack trace).
 */
public final class PluginInstallException extends Exception {

    public PluginInstallException(String message) {
        super(message, null, false, false);
    }
}
