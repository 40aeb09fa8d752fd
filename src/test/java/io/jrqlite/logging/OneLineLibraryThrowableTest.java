package io.jrqlite.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OneLineLibraryThrowableTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void aLibrarysExceptionIsItsRootCauseOnTheSameLine() {
        Exception e = new IOException("Create connection failed", new ConnectException("Connection refused"));
        assertThat(convert("com.alipay.sofa.common.log", e)).isEqualTo(": ConnectException: Connection refused");
        assertThat(OneLineLibraryThrowable.rootCause(new ThrowableProxy(new IllegalStateException())))
                .isEqualTo("IllegalStateException");
    }

    @Test
    void jrqlitesOwnExceptionKeepsItsStackTraceOnTheFollowingLines() {
        String out = convert("io.jrqlite.store.RaftStore", new IllegalStateException("boom"));
        assertThat(out).startsWith(System.lineSeparator() + "java.lang.IllegalStateException: boom")
                .contains("\tat io.jrqlite.logging.OneLineLibraryThrowableTest").doesNotEndWith("\n");
    }

    @Test
    void noExceptionNoText() {
        assertThat(convert("io.jrqlite.x", null)).isEmpty();
    }

    private String convert(String logger, Throwable t) {
        OneLineLibraryThrowable converter = new OneLineLibraryThrowable();
        converter.setContext(context);
        converter.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger(logger), Level.ERROR, "m", t, null);
        return converter.convert(event);
    }
}
