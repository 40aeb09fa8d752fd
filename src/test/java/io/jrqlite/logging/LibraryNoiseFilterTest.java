package io.jrqlite.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class LibraryNoiseFilterTest {

    private static final String ROUTINE = "Replicator {} stops sending entries.";
    private static final String REFUSED = "Fail to connect {}, remoting exception: {}.";

    private final LoggerContext context = new LoggerContext();
    private final LibraryNoiseFilter filter = new LibraryNoiseFilter();
    private final Logger jraft = context.getLogger("com.alipay.sofa.jraft.core.Replicator");
    private final Logger own = context.getLogger("io.jrqlite.store.RaftStore");

    @Test
    void aRepeatedLibraryWarningPassesOnceButJrqlitesOwnAlways() {
        jraft.setLevel(Level.WARN);
        Object[] peer = {"127.0.0.1:4002", "refused"};
        assertThat(decide(jraft, Level.WARN, REFUSED, peer)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(jraft, Level.WARN, REFUSED, peer)).isEqualTo(FilterReply.DENY);
        assertThat(decide(jraft, Level.WARN, REFUSED, new Object[] {"127.0.0.1:4012", "refused"}))
                .as("another peer").isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(own, Level.WARN, REFUSED, peer)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(own, Level.WARN, REFUSED, peer)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void routineJraftWarningsShowOnlyAtDebug() {
        jraft.setLevel(Level.WARN);
        assertThat(decide(jraft, Level.WARN, ROUTINE, new Object[] {"r"})).isEqualTo(FilterReply.DENY);
        jraft.setLevel(Level.DEBUG);
        assertThat(decide(jraft, Level.WARN, ROUTINE, new Object[] {"r"})).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(jraft, Level.WARN, ROUTINE, new Object[] {"r"})).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void debugAndInfoLinesAreLeftToTheLevels() {
        jraft.setLevel(Level.DEBUG);
        for (int i = 0; i < 3; i++) {
            assertThat(decide(jraft, Level.INFO, "Node {} init", new Object[] {"n"})).isEqualTo(FilterReply.NEUTRAL);
        }
        assertThat(decide(jraft, Level.INFO, null, null)).as("isInfoEnabled()").isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(Logger logger, Level level, String format, Object[] params) {
        return filter.decide(null, logger, level, format, params, null);
    }
}
