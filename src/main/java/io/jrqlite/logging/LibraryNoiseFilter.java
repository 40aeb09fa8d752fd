package io.jrqlite.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import org.slf4j.Marker;

/**
 * Tames the warnings and errors of SOFAJRaft and Bolt (jrqlite's own loggers pass untouched): messages jraft logs
 * at WARN in normal operation (a joiner catching up, a replicator stopping at shutdown) only show at DEBUG, and
 * any other library message shows at most once a minute for the same arguments, so a peer that is down gives an
 * occasional line instead of several a second. Installed by {@code config/logback.xml}.
 */
public final class LibraryNoiseFilter extends TurboFilter {

    private static final String OWN = "io.jrqlite.";
    private static final long WINDOW_MILLIS = 60_000;
    /** jraft's WARN-level format strings that describe routine events, not trouble. */
    private static final Set<String> ROUTINE = Set.of(
            "Node {} reject term_unmatched AppendEntriesRequest from {}, term={}, prevLogIndex={}, prevLogTerm={}, "
                    + "localPrevLogTerm={}, lastLogIndex={}, entriesSize={}.",
            "Heartbeat to peer {} failure, try to send a probe request, groupId={}.",
            "JRaft SET {} to be false for replicator pipeline optimistic.",
            "ThreadId: {} already destroyed, ignore error code: {}",
            "Replicator {} id is null when timeout, maybe it's destroyed.",
            "Replicator {} stops sending entries.");

    private final RepeatLimiter repeats = new RepeatLimiter(WINDOW_MILLIS, 1024);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (format == null || logger.getName().startsWith(OWN) || !level.isGreaterOrEqual(Level.WARN)
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        if (ROUTINE.contains(format)) {
            return logger.getEffectiveLevel().isGreaterOrEqual(Level.INFO) ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
        return repeats.allow(key(logger.getName(), format, params), System.currentTimeMillis())
                ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    static String key(String logger, String format, Object[] params) {
        StringBuilder key = new StringBuilder(logger).append('|').append(format);
        if (params != null) {
            for (Object p : params) {
                key.append('|').append(p);
            }
        }
        return key.toString();
    }
}
