package io.jrqlite.cli;

import static io.jrqlite.cli.CliFixture.assertFatal;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RaftLogLevelTest {

    @Test
    void rqlitesNamesInAnyCase() {
        assertThat(RaftLogLevel.parse("trace")).contains(Level.TRACE);
        assertThat(RaftLogLevel.parse("Debug")).contains(Level.DEBUG);
        assertThat(RaftLogLevel.parse("INFO")).contains(Level.INFO);
        assertThat(RaftLogLevel.parse(" warn ")).contains(Level.WARN);
        assertThat(RaftLogLevel.parse("error")).contains(Level.ERROR);
        assertThat(RaftLogLevel.parse("off")).contains(Level.OFF);
        assertThat(RaftLogLevel.parse("warning")).isEmpty();
        assertThat(RaftLogLevel.parse("")).isEmpty();
    }

    @Test
    void anUnknownLevelIsRefusedAtStart() throws CliExit {
        assertFatal("-raft-log-level must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, not \"LOUD\"",
                "-raft-log-level", "LOUD", "data");
        assertThat(CliFixture.parse("-raft-log-level", "debug", "data").raftLogLevel()).isEqualTo("debug");
    }

    @Test
    void appliesToSofaJraftsLoggers() {
        var raft = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(RaftLogLevel.RAFT_LOGGERS);
        Level before = raft.getLevel();
        try {
            RaftLogLevel.apply(Level.DEBUG);
            assertThat(LoggerFactory.getLogger("com.alipay.sofa.jraft.core.NodeImpl").isDebugEnabled()).isTrue();
        } finally {
            raft.setLevel(before);
        }
    }
}
