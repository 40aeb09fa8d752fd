package io.jrqlite.cli;

import static io.jrqlite.cli.CliFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NodeConfigTest {

    private static NodeConfig build(String... args) throws CliExit {
        return NodeConfig.from(FlagParser.parse(List.of(args)), "/data");
    }

    @Test
    void defaults() throws CliExit {
        NodeConfig c = parse("/data");
        assertThat(c.dataDir()).isEqualTo("/data");
        assertThat(c.httpAddr()).isEqualTo("localhost:4001");
        assertThat(c.httpAdvAddr()).isEqualTo("localhost:4001");
        assertThat(c.raftAddr()).isEqualTo("localhost:4002");
        assertThat(c.raftAdvAddr()).isEqualTo("localhost:4002");
        assertThat(c.nodeId()).isEqualTo("localhost:4002");
        assertThat(c.join()).isEmpty();
        assertThat(c.joinAttempts()).isEqualTo(5);
        assertThat(c.joinInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.raftSnap()).isEqualTo(8192);
        assertThat(c.raftSnapWalSize()).isEqualTo(4194304);
        assertThat(c.raftSnapInt()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.raftHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.raftElectionTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.raftApplyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.raftShutdownStepdown()).isTrue();
        assertThat(c.dbMaxRoConns()).isEqualTo(256);
        assertThat(c.writeQueueCapacity()).isEqualTo(1024);
        assertThat(c.writeQueueBatchSize()).isEqualTo(128);
        assertThat(c.writeQueueTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.autoOptimizeInt()).isEqualTo(Duration.ofHours(24));
        assertThat(c.httpMaxBody()).isEqualTo(67108864L);
        assertThat(c.inMemory()).isFalse();
        assertThat(c.extensionsPath()).isEmpty();
        assertThat(c.discoKey()).isEqualTo("rqlite");
    }

    @Test
    void advertisedAddressesDefaultToBindAddresses() throws CliExit {
        NodeConfig c = parse("-http-addr", "h:1", "-raft-addr", "h:2", "/data");
        assertThat(c.httpAdvAddr()).isEqualTo("h:1");
        assertThat(c.raftAdvAddr()).isEqualTo("h:2");
        assertThat(c.nodeId()).isEqualTo("h:2");
    }

    @Test
    void nodeIdDefaultsToTheAdvertisedRaftAddress() throws CliExit {
        assertThat(parse("-raft-adv-addr", "adv:2", "/data").nodeId()).isEqualTo("adv:2");
        assertThat(parse("-raft-adv-addr", "adv:2", "-node-id", "n", "/data").nodeId()).isEqualTo("n");
    }

    @Test
    void listsAreSplitOnEveryComma() throws CliExit {
        assertThat(build("-join", "a:1,b:2").join()).containsExactly("a:1", "b:2");
        assertThat(build("-join", "a:1,,b:2,").join()).containsExactly("a:1", "", "b:2", "");
        assertThat(build("-extensions-path", "/x,/y").extensionsPath()).containsExactly("/x", "/y");
    }

    @Test
    void isImmutable() throws CliExit {
        NodeConfig c = build("-join", "a:1");
        assertThatThrownBy(() -> c.join().add("x")).isInstanceOf(UnsupportedOperationException.class);
        List<String> mutable = new ArrayList<>(List.of("a"));
        NodeConfig copy = new NodeConfig(c.dataDir(), c.nodeId(), c.httpAddr(), c.httpAdvAddr(), c.httpAllowOrigin(),
                c.httpCert(), c.httpKey(), c.httpCaCert(), c.httpVerifyClient(), c.httpVerifyCommonName(), c.auth(),
                c.nodeCert(), c.nodeKey(), c.nodeCaCert(), c.nodeNoVerify(), c.nodeVerifyClient(),
                c.nodeVerifyServerName(), c.nodeVerifyCommonName(), c.raftAddr(), c.raftAdvAddr(), mutable,
                c.joinAttempts(), c.joinInterval(), c.joinAs(), c.bootstrapExpect(), c.bootstrapExpectTimeout(),
                c.raftNonVoter(), c.clusterConnectTimeout(), c.compressSnapTransport(), c.discoMode(), c.discoKey(),
                c.discoConfig(), c.raftLogLevel(), c.raftSnap(), c.raftSnapWalSize(), c.raftSnapInt(),
                c.raftLeaderLeaseTimeout(), c.raftHeartbeatTimeout(), c.raftCommitTimeout(), c.raftElectionTimeout(),
                c.raftApplyTimeout(), c.raftRemoveShutdown(), c.raftClusterRemoveShutdown(),
                c.raftShutdownStepdown(), c.raftReapNodeTimeout(), c.raftReapReadOnlyNodeTimeout(), c.fk(),
                c.dbMaxRoConns(), c.autoVacuumInt(), c.autoOptimizeInt(), mutable, c.writeQueueCapacity(),
                c.writeQueueBatchSize(), c.writeQueueTimeout(), c.writeQueueTx(), c.autoBackup(), c.autoRestore(),
                c.cdcConfig(), c.otlpEndpoint(), c.otlpInterval(), c.otlpInsecure(), c.otlpNoVerify(),
                c.otlpCaCert(), c.otlpCert(), c.otlpKey(), c.cpuProfile(), c.memProfile(), c.traceProfile(),
                c.inMemory(), c.httpMaxBody());
        mutable.add("b");
        assertThat(copy.join()).containsExactly("a");
        assertThat(copy.extensionsPath()).containsExactly("a");
    }

    @Test
    void hugeIntsSaturate() throws CliExit {
        assertThat(build("-join-attempts", "99999999999").joinAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(build("-bootstrap-expect", "-99999999999").bootstrapExpect()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void unsignedSizesKeepTheirBits() throws CliExit {
        assertThat(Long.toUnsignedString(build("-raft-snap", "18446744073709551615").raftSnap()))
                .isEqualTo("18446744073709551615");
    }

    /** Each flag (except -version) reaches the configuration: changing it changes the record. */
    @Test
    void everyFlagIsWired() throws CliExit {
        NodeConfig defaults = build();
        for (Flag f : Flags.ALL) {
            if (f.name().equals(Flags.VERSION)) {
                continue;
            }
            String value;
            switch (f.type()) {
                case BOOL:
                    value = String.valueOf(!(Boolean) f.defaultValue());
                    break;
                case DURATION:
                    value = "7m";
                    break;
                case STRING:
                    value = "x:9";
                    break;
                default:
                    value = "77";
            }
            NodeConfig changed = build("-" + f.name() + "=" + value);
            assertThat(changed).as(f.name()).isNotEqualTo(defaults);
        }
    }
}
