package io.harnessrouter.host.plugins;

import java.text.MessageFormat;
import java.util.Objects;
import java.util.ResourceBundle;
import org.slf4j.Logger;

/**
 * A {@link System.Logger} (what plugins log to, see {@link io.harnessrouter.api.HarnessContext})
 * that writes through SLF4J, so plugin lines land where the host's do: stderr, never stdout.
 * Messages with parameters use {@link MessageFormat} ({@code {0}}), as {@code System.Logger}
 * specifies. Resource bundles are ignored. Thread-safe.
 */
final class Slf4jSystemLogger implements System.Logger {

    private final Logger delegate;

    Slf4jSystemLogger(Logger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> delegate.isTraceEnabled();
            case DEBUG -> delegate.isDebugEnabled();
            case INFO -> delegate.isInfoEnabled();
            case WARNING -> delegate.isWarnEnabled();
            case ERROR -> delegate.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, String.valueOf(msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String text = params == null || params.length == 0 ? String.valueOf(format)
                    : new MessageFormat(String.valueOf(format)).format(params);
            write(level, text, null);
        }
    }

    private void write(Level level, String text, Throwable thrown) {
        switch (level) {
            case ALL, TRACE -> delegate.trace(text, thrown);
            case DEBUG -> delegate.debug(text, thrown);
            case INFO -> delegate.info(text, thrown);
            case WARNING -> delegate.warn(text, thrown);
            case ERROR -> delegate.error(text, thrown);
            case OFF -> { }
        }
    }
}
