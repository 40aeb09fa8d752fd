package io.jrqlite.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %libEx} in the pattern: a library's exception (a connection refused, logged by Bolt with forty lines of
 * stack) becomes its root cause on the same line; jrqlite's own exceptions keep their full stack trace, on the
 * lines after the message.
 */
public final class OneLineLibraryThrowable extends ThrowableHandlingConverter {

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override
    public void start() {
        full.setContext(getContext());
        full.start();
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t == null) {
            return "";
        }
        if (event.getLoggerName().startsWith("io.jrqlite.")) {
            return CoreConstants.LINE_SEPARATOR + full.convert(event).stripTrailing();
        }
        return ": " + rootCause(t);
    }

    /** The innermost cause as {@code SimpleName: message}. */
    static String rootCause(IThrowableProxy t) {
        IThrowableProxy root = t;
        for (int depth = 0; root.getCause() != null && depth < 32; depth++) {
            root = root.getCause();
        }
        String name = root.getClassName().substring(root.getClassName().lastIndexOf('.') + 1);
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }
}
