package io.jrqlite.cli;

import static io.jrqlite.cli.CliFixture.exitWithFiles;
import static io.jrqlite.cli.CliFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UnsupportedTest {

    private static final String[] FILES = {"/c", "/k", "/ca", "/e", "/b", "/r", "/a"};

    /** For each unsupported flag: arguments that set it (valid for rqlite otherwise), and the flag reported. */
    private static Map<String, String[]> cases() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("compress-snap-transport", new String[] {"compress-snap-transport", "-compress-snap-transport"});
        m.put("disco-mode", new String[] {"disco-mode", "-disco-mode", "consul-kv"});
        m.put("disco-key", new String[] {"disco-key", "-disco-key", "other"});
        m.put("disco-config", new String[] {"disco-config", "-disco-config", "{}"});
        m.put("auto-vacuum-int", new String[] {"auto-vacuum-int", "-auto-vacuum-int", "1h"});
        m.put("auto-optimize-int", new String[] {"auto-optimize-int", "-auto-optimize-int", "0h"});
        m.put("extensions-path", new String[] {"extensions-path", "-extensions-path", "/e"});
        m.put("auto-backup", new String[] {"auto-backup", "-auto-backup", "/b"});
        m.put("auto-restore", new String[] {"auto-restore", "-auto-restore", "/r"});
        m.put("cdc-config", new String[] {"cdc-config", "-cdc-config", "stdout"});
        m.put("otlp-endpoint", new String[] {"otlp-endpoint", "-otlp-endpoint", "h:4317"});
        m.put("otlp-interval", new String[] {"otlp-interval", "-otlp-interval", "5s"});
        m.put("otlp-insecure", new String[] {"otlp-endpoint", "-otlp-insecure", "-otlp-endpoint", "h:4317"});
        m.put("otlp-no-verify", new String[] {"otlp-endpoint", "-otlp-no-verify", "-otlp-endpoint", "h:4317"});
        m.put("otlp-ca-cert", new String[] {"otlp-endpoint", "-otlp-ca-cert", "/ca", "-otlp-endpoint", "h:4317"});
        m.put("otlp-cert", new String[] {"otlp-endpoint", "-otlp-cert", "/c", "-otlp-key", "/k",
                "-otlp-endpoint", "h:4317"});
        m.put("otlp-key", new String[] {"otlp-endpoint", "-otlp-key", "/k", "-otlp-cert", "/c",
                "-otlp-endpoint", "h:4317"});
        m.put("cpu-profile", new String[] {"cpu-profile", "-cpu-profile", "/tmp/cpu"});
        m.put("mem-profile", new String[] {"mem-profile", "-mem-profile", "/tmp/mem"});
        m.put("trace-profile", new String[] {"trace-profile", "-trace-profile", "/tmp/trace"});
        return m;
    }

    @Test
    void everyUnsupportedFlagIsCovered() {
        assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(Unsupported.FLAGS);
    }

    @Test
    void settingAnUnsupportedFlagFails() {
        cases().forEach((flag, c) -> {
            String reported = c[0];
            String[] args = new String[c.length];
            System.arraycopy(c, 1, args, 0, c.length - 1);
            args[c.length - 1] = "/data";
            CliExit e = exitWithFiles(FILES, args);
            assertThat(e.text()).as(flag).isEqualTo("fatal: -" + reported + " is not supported yet");
            assertThat(e.exitCode()).as(flag).isEqualTo(1);
            assertThat(e.printUsage()).isFalse();
        });
    }

    @Test
    void unsupportedFlagsAtTheirDefaultsAreAccepted() throws CliExit {
        NodeConfig c = parse("-bootstrap-expect", "0", "-raft-non-voter=false", "-raft-cluster-remove-shutdown=false",
                "-raft-remove-shutdown=false", "-compress-snap-transport=false", "-auto-optimize-int", "1440m",
                "-auto-vacuum-int", "0h", "-disco-key", "rqlite", "-auth", "", "-join", "", "-otlp-interval",
                "30s", "-bootstrap-expect-timeout", "2m", "/data");
        assertThat(c.bootstrapExpect()).isZero();
        assertThat(c.autoOptimizeInt()).isEqualTo(Duration.ofHours(24));
        assertThat(c.join()).isEmpty();
    }

    @Test
    void supportedFlagsAcceptAnyValue() throws CliExit {
        NodeConfig c = parse("-node-id", "n1", "-http-addr", "127.0.0.1:5001", "-http-adv-addr", "h1:5001",
                "-http-allow-origin", "*", "-raft-addr", "127.0.0.1:5002", "-raft-adv-addr", "h1:5002",
                "-raft-log-level", "DEBUG", "-raft-snap", "100", "-raft-snap-int", "1s", "-raft-snap-wal-size", "0",
                "-join-interval", "1s", "-join-attempts", "9", "-raft-shutdown-stepdown=false",
                "-raft-heartbeat-timeout", "2s", "-raft-election-timeout", "3s", "-raft-commit-timeout", "10ms",
                "-raft-apply-timeout", "5s", "-raft-leader-lease-timeout", "500ms", "-fk", "-db-max-ro-conns", "0",
                "-write-queue-capacity", "10", "-write-queue-batch-size", "5", "-write-queue-timeout", "1ms",
                "-write-queue-tx", "-cluster-connect-timeout", "1s", "-in-memory", "-http-max-body", "0",
                "-version=false", "-raft-non-voter", "-raft-remove-shutdown", "-raft-cluster-remove-shutdown=true",
                "-raft-reap-node-timeout", "1h", "-raft-reap-read-only-node-timeout", "30m", "/data");
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.raftLogLevel()).isEqualTo("DEBUG");
        assertThat(c.joinAttempts()).isEqualTo(9);
        assertThat(c.raftShutdownStepdown()).isFalse();
        assertThat(c.inMemory()).isTrue();
        assertThat(c.httpMaxBody()).isZero();
        assertThat(c.raftNonVoter()).isTrue();
        assertThat(c.raftRemoveShutdown()).isTrue();
        assertThat(c.raftClusterRemoveShutdown()).isTrue();
        assertThat(c.raftReapNodeTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.raftReapReadOnlyNodeTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void messageNamesTheFlag() {
        assertThat(Unsupported.message("auth")).isEqualTo("-auth is not supported yet");
    }
}
