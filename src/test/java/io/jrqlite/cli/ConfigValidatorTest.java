package io.jrqlite.cli;

import static io.jrqlite.cli.CliFixture.assertFatal;
import static io.jrqlite.cli.CliFixture.exitWithFiles;
import static io.jrqlite.cli.CliFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** rqlite's post-parse rules (and jrqlite's additions), one test per rule. */
class ConfigValidatorTest {

    private static void assertFatalWithFiles(String[] files, String reason, String... args) {
        CliExit e = exitWithFiles(files, args);
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.text()).isEqualTo("fatal: " + reason);
    }

    private static String[] files(String... paths) {
        return paths;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-cert", "http-key", "http-ca-cert", "auth", "node-cert", "node-key", "node-ca-cert",
            "auto-backup", "auto-restore", "otlp-ca-cert", "otlp-cert", "otlp-key"})
    void missingFileNamedByAPathFlag(String flag) {
        assertFatal("/no/such/file does not exist", "-" + flag, "/no/such/file", "d");
    }

    @Test
    void missingFilesAreReportedInConfigurationOrder() {
        assertFatal("/k does not exist", "-auth", "/a", "-http-key", "/k", "d");
    }

    @Test
    void missingExtensionPath() {
        assertFatalWithFiles(files("/e1"), "extension path does not exist: /e2", "-extensions-path", "/e1,/e2", "d");
        assertFatalWithFiles(files("/e1"), "extension path does not exist: ", "-extensions-path", "/e1,", "d");
    }

    @Test
    void httpCertAndKeyTogether() {
        String reason = "either both -http-cert and -http-key must be set, or neither";
        assertFatalWithFiles(files("/c", "/k"), reason, "-http-cert", "/c", "d");
        assertFatalWithFiles(files("/c", "/k"), reason, "-http-key", "/k", "d");
    }

    @Test
    void nodeCertAndKeyTogether() {
        String reason = "either both -node-cert and -node-key must be set, or neither";
        assertFatalWithFiles(files("/c", "/k"), reason, "-node-cert", "/c", "d");
        assertFatalWithFiles(files("/c", "/k"), reason, "-node-key", "/k", "d");
    }

    @Test
    void nodeCaCertNeedsNodeCert() {
        assertFatalWithFiles(files("/ca"), "-node-ca-cert requires -node-cert", "-node-ca-cert", "/ca", "d");
    }

    @Test
    void nodeVerifyClientNeedsNodeCert() {
        assertFatal("-node-verify-client requires -node-cert", "-node-verify-client", "d");
    }

    @Test
    void dialVerificationFlagsNeedNodeCert() {
        assertFatal("-node-no-verify requires -node-cert", "-node-no-verify", "d");
        assertFatal("-node-verify-server-name requires -node-cert", "-node-verify-server-name", "raft.internal", "d");
    }

    @Test
    void verifyCommonNameNeedsVerifyClient() {
        assertFatal("-http-verify-common-name requires -http-verify-client", "-http-verify-common-name", "x", "d");
        assertFatal("-node-verify-common-name requires -node-verify-client", "-node-verify-common-name", "x", "d");
    }

    @Test
    void rawHttpAndRaftAddressesMustDiffer() {
        assertFatal("HTTP and Raft addresses must differ", "-http-addr", "localhost:4002", "d");
        assertFatal("HTTP and Raft addresses must differ", "-raft-addr", "h:1", "-http-addr", "h:1", "d");
    }

    @Test
    void httpAddressMustNotHaveAScheme() {
        assertFatal("HTTP options should not include protocol (http:// or https://)", "-http-addr", "http://h:1", "d");
        assertFatal("HTTP options should not include protocol (http:// or https://)",
                "-http-adv-addr", "HTTPS://h:1", "d");
        assertFatal("HTTP options should not include protocol (http:// or https://)", "-http-addr", "httphost:1", "d");
    }

    @Test
    void addressesMustSplit() {
        assertFatal("HTTP bind address not valid", "-http-addr", "localhost", "d");
        assertFatal("HTTP advertised HTTP address not valid", "-http-adv-addr", "localhost", "d");
        assertFatal("raft bind address not valid", "-raft-addr", "localhost", "d");
        assertFatal("raft advertised address not valid", "-raft-adv-addr", "a:b:c", "d");
    }

    @Test
    void raftPortsMustBeNumeric() {
        assertFatal("raft bind port not valid", "-raft-addr", "localhost:abc", "d");
        assertFatal("raft bind port not valid", "-raft-addr", "localhost:", "d");
        assertFatal("raft advertised port is not valid", "-raft-adv-addr", "h:x", "d");
    }

    @Test
    void advertisedAddressesMustBeRoutable() {
        assertFatal("advertised HTTP address is not routable (0.0.0.0), specify it via -http-addr or -http-adv-addr",
                "-http-addr", "0.0.0.0:4001", "d");
        assertFatal("advertised HTTP address is not routable (::), specify it via -http-addr or -http-adv-addr",
                "-http-adv-addr", "[::]:4001", "d");
        assertFatal("advertised Raft address is not routable (0.0.0.0), specify it via -raft-addr or -raft-adv-addr",
                "-raft-addr", "0.0.0.0:4002", "d");
        assertFatal("advertised Raft address is not routable (::), specify it via -raft-addr or -raft-adv-addr",
                "-raft-adv-addr", "[::]:4002", "d");
    }

    @Test
    void bindingToAllInterfacesIsFineWhenAdvertisedAddressesAreGiven() throws CliExit {
        NodeConfig c = parse("-http-addr", "0.0.0.0:4001", "-http-adv-addr", "host1:4001",
                "-raft-addr", "0.0.0.0:4002", "-raft-adv-addr", "host1:4002", "d");
        assertThat(c.nodeId()).isEqualTo("host1:4002");
    }

    @Test
    void advertisedAddressesMustDiffer() {
        assertFatal("advertised HTTP and Raft addresses must differ",
                "-http-adv-addr", "h:1", "-raft-adv-addr", "h:1", "d");
        assertFatal("advertised HTTP and Raft addresses must differ", "-http-adv-addr", "localhost:4002", "d");
    }

    @Test
    void bootstrapOnlyOnVoters() {
        assertFatal("bootstrapping only applicable to voting nodes", "-bootstrap-expect", "3", "-raft-non-voter", "d");
    }

    @Test
    void joinAddressesMustSplit() {
        assertFatal("nohost is an invalid join address", "-join", "h:1,nohost", "d");
        assertFatal(" is an invalid join address", "-join", "h:1,", "d");
    }

    @Test
    void joinAcceptsAnythingWithAColon() throws CliExit {
        // Only host:port splitting is checked, so the node fails later, when joining.
        assertThat(parse("-join", "http://nonsense", "d").join()).containsExactly("http://nonsense");
    }

    @Test
    void cannotJoinItselfUnlessBootstrapping() throws CliExit {
        assertFatal("node cannot join with itself unless bootstrapping", "-join", "localhost:4002", "d");
        assertFatal("node cannot join with itself unless bootstrapping",
                "-raft-adv-addr", "me:1", "-join", "other:1,me:1", "d");
        NodeConfig c = parse("-join", "localhost:4002,other:4002", "-bootstrap-expect", "3",
                "-bootstrap-expect-timeout", "30s", "d");
        assertThat(c.bootstrapExpect()).isEqualTo(3);
        assertThat(c.bootstrapExpectTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void autoRestoreWithJoinOnlyWhenBootstrapping() {
        assertFatalWithFiles(files("/r"), "auto-restoring cannot be used when joining a cluster",
                "-auto-restore", "/r", "-join", "h:1", "d");
        assertFatalWithFiles(files("/r"), "-auto-restore is not supported yet",
                "-auto-restore", "/r", "-join", "h:1", "-bootstrap-expect", "2", "d");
    }

    @Test
    void discoModeExcludesJoin() {
        assertFatal("disco mode cannot be used when also explicitly joining a cluster",
                "-join", "h:1", "-disco-mode", "dns", "d");
    }

    @Test
    void cdcNotOnNonVoters() {
        assertFatal("CDC cannot be enabled on non-voting nodes", "-cdc-config", "stdout", "-raft-non-voter", "d");
    }

    @Test
    void consulAndEtcdExcludeBootstrapExpect() {
        assertFatal("bootstrapping not applicable when using consul-kv",
                "-disco-mode", "consul-kv", "-bootstrap-expect", "3", "d");
        assertFatal("bootstrapping not applicable when using etcd-kv",
                "-disco-mode", "etcd-kv", "-bootstrap-expect", "3", "d");
    }

    @Test
    void dnsOnAVoterNeedsBootstrapExpect() {
        assertFatal("bootstrap-expect value required when using dns with a voting node", "-disco-mode", "dns", "d");
        assertFatal("bootstrap-expect value required when using dns-srv with a voting node",
                "-disco-mode", "dns-srv", "d");
        assertFatal("-disco-mode is not supported yet", "-disco-mode", "dns", "-raft-non-voter", "d");
        assertFatal("-disco-mode is not supported yet", "-disco-mode", "dns", "-bootstrap-expect", "3", "d");
    }

    @Test
    void unknownDiscoMode() {
        assertFatal("disco mode must be one of consul-kv, etcd-kv, dns, or dns-srv", "-disco-mode", "zk", "d");
    }

    @Test
    void otlpOptionsNeedAnEndpoint() {
        String reason = "OTLP options require -otlp-endpoint";
        assertFatal(reason, "-otlp-insecure", "d");
        assertFatal(reason, "-otlp-no-verify", "d");
        assertFatalWithFiles(files("/ca"), reason, "-otlp-ca-cert", "/ca", "d");
        assertFatalWithFiles(files("/c", "/k"), reason, "-otlp-cert", "/c", "-otlp-key", "/k", "d");
    }

    @Test
    void otlpCertAndKeyTogether() {
        String reason = "either both -otlp-cert and -otlp-key must be set, or neither";
        assertFatalWithFiles(files("/c"), reason, "-otlp-endpoint", "h:4317", "-otlp-cert", "/c", "d");
        assertFatalWithFiles(files("/k"), reason, "-otlp-key", "/k", "d");
    }

    @Test
    void otlpEndpointIsHostPortWithoutScheme() {
        assertFatal("-otlp-endpoint must not include a protocol scheme", "-otlp-endpoint", "http://h:4317", "d");
        assertFatal("-otlp-endpoint is not a valid address", "-otlp-endpoint", "collector", "d");
    }

    @Test
    void otlpIntervalMustBePositive() {
        assertFatal("-otlp-interval must be greater than zero",
                "-otlp-endpoint", "h:4317", "-otlp-interval", "0s", "d");
    }

    @Test
    void otlpInsecureExcludesTlsOptions() {
        String reason = "-otlp-insecure cannot be used with other OTLP TLS options";
        assertFatal(reason, "-otlp-endpoint", "h:4317", "-otlp-insecure", "-otlp-no-verify", "d");
        assertFatalWithFiles(files("/ca"), reason, "-otlp-endpoint", "h:4317", "-otlp-insecure",
                "-otlp-ca-cert", "/ca", "d");
        assertFatalWithFiles(files("/c", "/k"), reason, "-otlp-endpoint", "h:4317", "-otlp-insecure",
                "-otlp-cert", "/c", "-otlp-key", "/k", "d");
    }

    @Test
    void httpMaxBodyMayNotBeNegative() {
        assertFatal("-http-max-body must be 0 (no limit) or a positive number of bytes", "-http-max-body", "-1", "d");
    }

    @Test
    void rqliteRulesComeBeforeUnsupportedFeatures() {
        // Wrong in rqlite's terms and also unsupported: rqlite's message wins.
        assertFatalWithFiles(files("/c"), "either both -http-cert and -http-key must be set, or neither",
                "-http-cert", "/c", "d");
        assertFatal("bootstrapping only applicable to voting nodes", "-raft-non-voter", "-bootstrap-expect=2", "d");
    }
}
