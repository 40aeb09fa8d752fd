package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

    /** Defaults and types as rqlite v10 documents them (configuration reference / rqlited -h). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http-addr                 | STRING   | localhost:4001",
            "raft-addr                 | STRING   | localhost:4002",
            "raft-snap                 | UINT64   | 8192",
            "raft-snap-int             | DURATION | 10s",
            "raft-snap-wal-size        | UINT64   | 4194304",
            "join-attempts             | INT      | 5",
            "join-interval             | DURATION | 3s",
            "bootstrap-expect          | INT      | 0",
            "bootstrap-expect-timeout  | DURATION | 2m0s",
            "raft-election-timeout     | DURATION | 1s",
            "raft-heartbeat-timeout    | DURATION | 1s",
            "raft-commit-timeout       | DURATION | 50ms",
            "raft-leader-lease-timeout | DURATION | 0s",
            "raft-apply-timeout        | DURATION | 10s",
            "raft-log-level            | STRING   | WARN",
            "db-max-ro-conns           | INT      | 256",
            "write-queue-capacity      | INT      | 1024",
            "write-queue-batch-size    | INT      | 128",
            "write-queue-timeout       | DURATION | 50ms",
            "write-queue-tx            | BOOL     | false",
            "raft-shutdown-stepdown    | BOOL     | true",
            "raft-non-voter            | BOOL     | false",
            "raft-remove-shutdown      | BOOL     | false",
            "raft-cluster-remove-shutdown | BOOL  | false",
            "raft-reap-node-timeout    | DURATION | 0s",
            "raft-reap-read-only-node-timeout | DURATION | 0s",
            "auto-optimize-int         | DURATION | 24h0m0s",
            "auto-vacuum-int           | DURATION | 0s",
            "cluster-connect-timeout   | DURATION | 30s",
            "disco-key                 | STRING   | rqlite",
            "otlp-interval     | DURATION | 30s",
            "fk                        | BOOL     | false",
            "version                   | BOOL     | false",
            "in-memory                 | BOOL     | false",
            "http-max-body             | INT64    | 67108864"})
    void documentedDefaults(String name, FlagType type, String defaultText) {
        Flag f = Flags.byName(name);
        assertThat(f).as(name).isNotNull();
        assertThat(f.type()).isEqualTo(type);
        assertThat(f.defaultText()).isEqualTo(defaultText);
    }

    @Test
    void typedDefaults() {
        assertThat(Flags.byName("bootstrap-expect-timeout").defaultValue()).isEqualTo(Duration.ofSeconds(120));
        assertThat(Flags.byName("auto-optimize-int").defaultValue()).isEqualTo(Duration.ofHours(24));
        assertThat(Flags.byName("http-max-body").defaultValue()).isEqualTo(64L * 1024 * 1024);
        assertThat(Flags.byName("raft-snap").defaultValue()).isEqualTo(8192L);
    }

    @Test
    void everyRqliteV10FlagIsDefined() {
        String[] rqlite = {"version", "node-id", "http-addr", "http-adv-addr", "http-allow-origin", "http-cert",
                "http-key", "http-ca-cert", "http-verify-client", "http-verify-common-name", "auth", "node-cert",
                "node-key", "node-ca-cert", "node-no-verify", "node-verify-client", "node-verify-server-name",
                "node-verify-common-name", "raft-addr", "raft-adv-addr", "join", "join-attempts", "join-interval",
                "join-as", "bootstrap-expect", "bootstrap-expect-timeout", "raft-non-voter",
                "cluster-connect-timeout", "compress-snap-transport", "disco-mode", "disco-key", "disco-config",
                "raft-log-level", "raft-snap", "raft-snap-wal-size", "raft-snap-int", "raft-leader-lease-timeout",
                "raft-heartbeat-timeout", "raft-commit-timeout", "raft-election-timeout", "raft-apply-timeout",
                "raft-remove-shutdown", "raft-cluster-remove-shutdown", "raft-shutdown-stepdown",
                "raft-reap-node-timeout", "raft-reap-read-only-node-timeout", "fk", "db-max-ro-conns",
                "auto-vacuum-int", "auto-optimize-int", "extensions-path", "write-queue-capacity",
                "write-queue-batch-size", "write-queue-timeout", "write-queue-tx", "auto-backup", "auto-restore",
                "cdc-config", "otlp-endpoint", "otlp-interval", "otlp-insecure", "otlp-no-verify",
                "otlp-ca-cert", "otlp-cert", "otlp-key", "cpu-profile", "mem-profile", "trace-profile"};
        String[] jrqlite = {"in-memory", "http-max-body"};
        assertThat(Flags.ALL).extracting(Flag::name).containsExactlyInAnyOrder(
                Stream.concat(Arrays.stream(rqlite), Arrays.stream(jrqlite))
                        .toArray(String[]::new));
    }

    @Test
    void pathFlagsAreTheFileNamingOnes() {
        assertThat(Flags.ALL).filteredOn(Flag::path).extracting(Flag::name).containsExactly(
                "http-cert", "http-key", "http-ca-cert", "auth", "node-cert", "node-key", "node-ca-cert",
                "auto-backup", "auto-restore", "otlp-ca-cert", "otlp-cert", "otlp-key");
    }

    @Test
    void usageLinesAreNonEmptyAndFreeOfBackquotes() {
        // Go would take a back-quoted word in a usage line as the value's type name.
        for (Flag f : Flags.ALL) {
            assertThat(f.usage()).as(f.name()).isNotBlank().doesNotContain("`");
        }
    }
}
