package io.jrqlite.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code -raft-log-level}: rqlite's names for its Raft library's levels (any case, as rqlite reads them) onto the
 * Logback level of SOFAJRaft's loggers, set at start over whatever the logging configuration says.
 */
final class RaftLogLevel {

    static final String RAFT_LOGGERS = "com.alipay.sofa.jraft";
    static final String NAMES = "TRACE, DEBUG, INFO, WARN, ERROR or OFF";

    private RaftLogLevel() {
    }

    static Optional<Level> parse(String name) {
        return Optional.ofNullable(switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN" -> Level.WARN;
            case "ERROR" -> Level.ERROR;
            case "OFF" -> Level.OFF;
            default -> null;
        });
    }

    /** Sets the level when Logback is the logging backend (it always is in the jar). */
    static void apply(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(RAFT_LOGGERS).setLevel(level);
        }
    }
}
