package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.ChildNode;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestCerts;
import io.jrqlite.testing.TestCerts.Ca;
import io.jrqlite.testing.TestCerts.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node-to-node TLS on the Raft port, with nodes as processes (node TLS settings are per process). */
class NodeTlsIT {

    private static final Ca CA = Ca.create("node-ca");
    private static final Ca OTHER_CA = Ca.create("other-ca");

    @TempDir
    Path dir;

    @Test
    void aTlsClusterFormsServesAndTurnsAwayStrangers() throws Exception {
        try (ChildNode first = ChildNode.start(dir.resolve("n1"), tls("n1", CA, CA, "-node-id", "n1",
                "-node-verify-client"));
                ChildNode second = ChildNode.start(dir.resolve("n2"), tls("n2", CA, CA, "-node-id", "n2",
                        "-node-verify-client", "-join", first.raftAddress()));
                ChildNode third = ChildNode.start(dir.resolve("n3"), tls("n3", CA, CA, "-node-id", "n3",
                        "-join", first.raftAddress()))) {
            assertThat(second.api().execute("[\"CREATE TABLE t (v TEXT)\"]").body()).doesNotContain("error");
            assertThat(second.api().execute("[\"INSERT INTO t VALUES('over tls')\"]").body())
                    .contains("\"rows_affected\":1");
            for (ChildNode n : List.of(first, second, third)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        n.api().query("SELECT v FROM t", "level=none").body()).contains("over tls"));
                assertThat(n.api().get("/status").body()).contains("\"tls\":\"enabled\"");
            }

            // The Raft port speaks TLS with the node's own certificate.
            try (SSLSocket s = (SSLSocket) TestCerts.trusting(CA).getSocketFactory()
                    .createSocket("127.0.0.1", port(first.raftAddress()))) {
                s.startHandshake();
                assertThat(s.getSession().getPeerCertificates()[0].getPublicKey().getEncoded())
                        .isEqualTo(Files.readAllBytes(dir.resolve("n1.pub")));
            }
            // -node-verify-client (n1, n2): a peer must present a certificate from the trusted CA; n3 asks for none.
            int verifying = port(first.raftAddress());
            assertThat(accepts(TestCerts.trusting(CA), verifying)).isFalse();
            assertThat(accepts(TestCerts.presenting(OTHER_CA.client("x"), CA), verifying)).isFalse();
            assertThat(accepts(TestCerts.presenting(CA.client("x"), CA), verifying)).isTrue();
            assertThat(accepts(TestCerts.trusting(CA), port(third.raftAddress()))).isTrue();

            // A node whose certificate and trust come from another CA cannot join.
            ChildNode.Result stranger = joinOnce("n4", first, tls("n4", OTHER_CA, OTHER_CA));
            assertThat(stranger.exitCode()).as(stranger.stderr()).isEqualTo(1);
            assertThat(stranger.stderr()).contains("fatal: failed to join cluster");
            assertThat(stranger.stdout()).contains("node TLS handshake with 127.0.0.1:" + port(first.raftAddress())
                    + " failed").contains("unable to find valid certification path");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(first.log())
                    .contains("node TLS handshake error from 127.0.0.1:"));
            // Nor can a node without TLS.
            ChildNode.Result plain = joinOnce("n5", first);
            assertThat(plain.exitCode()).as(plain.stderr()).isEqualTo(1);
            assertThat(plain.stderr()).contains("fatal: failed to join cluster").contains("Connection closed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(first.log())
                    .contains("not TLS (plain TCP"));

            // Without -node-ca-cert a node trusts the JDK's roots only, not the cluster's CA.
            String[] noCa = tls("n6", CA, CA);
            ChildNode.Result untrusting = joinOnce("n6", first, noCa[0], noCa[1], noCa[2], noCa[3]);
            assertThat(untrusting.exitCode()).as(untrusting.stderr()).isEqualTo(1);
            assertThat(untrusting.stdout()).contains("unable to find valid certification path");

            // The cluster serves on, with its three members only; a restarted member rejoins.
            assertThat(third.api().execute("[\"INSERT INTO t VALUES('still')\"]").body())
                    .contains("\"rows_affected\":1");
            assertThat(third.stop(Duration.ofSeconds(30))).isZero();
            third.launch();
            assertThat(second.api().execute("[\"INSERT INTO t VALUES('after restart')\"]").body())
                    .contains("\"rows_affected\":1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    third.api().query("SELECT v FROM t", "level=none").body()).contains("still", "after restart"));
            assertThat(first.api().get("/nodes?nonvoters").body()).contains("n1", "n2", "n3")
                    .doesNotContain("n4", "n5", "n6");

            // Failover over TLS: the leader dies, the other two elect one of themselves and take writes.
            first.kill();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    second.api().execute("[\"INSERT INTO t VALUES('after failover')\"]").body())
                    .contains("\"rows_affected\":1"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    third.api().query("SELECT v FROM t", "level=none").body()).contains("after failover"));
        }
    }

    /**
     * -node-verify-server-name, -node-no-verify, -node-verify-common-name and certificate reload, on a cluster whose
     * certificates name no address, only {@code raft.internal}.
     */
    @Test
    void verificationFlagsDecideWhoTakesPart() throws Exception {
        String[] strict = {"-node-id", "n1", "-node-verify-server-name", "raft.internal", "-node-verify-client",
                "-node-verify-common-name", "member"};
        try (ChildNode first = ChildNode.start(dir.resolve("n1"), named("n1", "member", CA, strict));
                // Trusts another CA, so it could verify nobody: -node-no-verify lets it dial anyway.
                ChildNode relaxed = ChildNode.start(dir.resolve("n2"), named("n2", "member", OTHER_CA,
                        "-node-id", "n2", "-node-no-verify", "-join", first.raftAddress()))) {
            assertThat(relaxed.api().execute("[\"CREATE TABLE t (v TEXT)\"]").body()).doesNotContain("error");
            assertThat(relaxed.api().execute("[\"INSERT INTO t VALUES('named')\"]").body())
                    .contains("\"rows_affected\":1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    first.api().query("SELECT v FROM t", "level=none").body()).contains("named"));

            // Without -node-verify-server-name a node checks the dialled address, which the certificate lacks.
            ChildNode.Result byAddress = joinOnce("n3", first, named("n3", "member", CA));
            assertThat(byAddress.exitCode()).as(byAddress.stderr()).isEqualTo(1);
            assertThat(byAddress.stdout()).contains("No subject alternative names matching IP address 127.0.0.1");
            // A name the certificate does not carry.
            ChildNode.Result wrongName = joinOnce("n4", first, named("n4", "member", CA,
                    "-node-verify-server-name", "raft.example"));
            assertThat(wrongName.exitCode()).as(wrongName.stderr()).isEqualTo(1);
            assertThat(wrongName.stdout()).contains("No subject alternative DNS name matching raft.example found");
            // The right name, but n1 accepts only certificates for CN "member".
            ChildNode.Result intruder = joinOnce("n5", first, named("n5", "intruder", CA,
                    "-node-verify-server-name", "raft.internal"));
            assertThat(intruder.exitCode()).as(intruder.stderr()).isEqualTo(1);
            String refused = "127.0.0.1:" + port(first.raftAddress());
            assertThat(intruder.stdout()).containsAnyOf("node TLS connection to " + refused + " refused",
                    "node TLS handshake with " + refused + " failed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(first.log())
                    .contains("client certificate common name intruder is not member"));

            // New certificate and key in place of the old: new connections get them, the cluster carries on.
            Issued renewed = CA.named("member", "raft.internal");
            TestCerts.writePkcs8(dir.resolve("n1.key.new"), renewed.key());
            TestCerts.writeCerts(dir.resolve("n1.crt.new"), renewed.cert());
            Files.move(dir.resolve("n1.key.new"), dir.resolve("n1.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve("n1.crt.new"), dir.resolve("n1.crt"), StandardCopyOption.REPLACE_EXISTING);
            SSLContext member = TestCerts.presenting(CA.client("member"), CA);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    peerKey(member, port(first.raftAddress()))).isEqualTo(renewed.cert().getPublicKey().getEncoded()));
            assertThat(first.log()).contains("node TLS certificate and key reloaded");
            assertThat(relaxed.api().execute("[\"INSERT INTO t VALUES('after reload')\"]").body())
                    .contains("\"rows_affected\":1");
            assertThat(first.api().get("/nodes?nonvoters").body()).contains("n1", "n2")
                    .doesNotContain("n3", "n4", "n5");
        }
    }

    @Test
    void badNodeTlsSettingsStopTheStart() throws Exception {
        String[] good = tls("n1", CA, CA);
        Path cert = Path.of(good[1]);
        Path key = Path.of(good[3]);
        Path ca = Path.of(good[5]);
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        Path otherKey = TestCerts.writePkcs8(dir.resolve("other.key"), CA.server("n9").key());

        assertFatal("either both -node-cert and -node-key must be set, or neither", "-node-cert", cert.toString());
        assertFatal("-node-ca-cert requires -node-cert", "-node-ca-cert", ca.toString());
        assertFatal("-node-verify-client requires -node-cert", "-node-verify-client");
        assertFatal("failed to set up node TLS: invalid certificate in " + junk,
                "-node-cert", junk.toString(), "-node-key", key.toString());
        assertFatal("failed to set up node TLS: no unencrypted private key in " + junk,
                "-node-cert", cert.toString(), "-node-key", junk.toString());
        assertFatal("failed to set up node TLS: invalid certificate in " + junk,
                "-node-cert", cert.toString(), "-node-key", key.toString(), "-node-ca-cert", junk.toString());
        assertFatal("failed to set up node TLS: private key does not match certificate", "-node-cert", cert.toString(), "-node-key", otherKey.toString());
        assertFatal("-node-no-verify requires -node-cert", "-node-no-verify");
        assertFatal("-node-verify-server-name requires -node-cert", "-node-verify-server-name", "raft.internal");
        assertFatal("-node-verify-common-name requires -node-verify-client", "-node-cert", cert.toString(),
                "-node-key", key.toString(), "-node-verify-common-name", "n2");
    }

    private void assertFatal(String reason, String... flags) {
        List<String> args = new ArrayList<>(List.of("-http-addr", "127.0.0.1:" + FreePorts.next(),
                "-raft-addr", "127.0.0.1:" + FreePorts.next()));
        args.addAll(List.of(flags));
        args.add(dir.resolve("bad").toString());
        ChildNode.Result r = ChildNode.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).as(String.join(" ", flags)).contains("fatal: " + reason);
    }

    /** Flags for TLS with a certificate for {@code name} signed by {@code issuer}, trusting {@code trust}. */
    private String[] tls(String name, Ca issuer, Ca trust, String... more) throws IOException {
        Issued cert = issuer.server(name);
        Files.write(dir.resolve(name + ".pub"), cert.cert().getPublicKey().getEncoded());
        return flags(name, cert, trust, more);
    }

    /** As {@link #tls}, with a certificate whose subject is CN={@code cn} and whose only name is raft.internal. */
    private String[] named(String name, String cn, Ca trust, String... more) throws IOException {
        return flags(name, CA.named(cn, "raft.internal"), trust, more);
    }

    /** {@code more}, then the node TLS flags for {@code cert} and {@code trust}, in files named after the node. */
    private String[] flags(String name, Issued cert, Ca trust, String... more) throws IOException {
        List<String> flags = new ArrayList<>(List.of(more));
        flags.addAll(List.of(
                "-node-cert", TestCerts.writeCerts(dir.resolve(name + ".crt"), cert.cert()).toString(),
                "-node-key", TestCerts.writePkcs1(dir.resolve(name + ".key"), cert.key()).toString(),
                "-node-ca-cert", TestCerts.writeCerts(dir.resolve(name + "-ca.crt"), trust.cert()).toString()));
        return flags.toArray(String[]::new);
    }

    /** The public key of the certificate the node presents on a new connection. */
    private static byte[] peerKey(SSLContext client, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return s.getSession().getPeerCertificates()[0].getPublicKey().getEncoded();
        }
    }

    /** Runs a node that tries to join twice, to completion. */
    private ChildNode.Result joinOnce(String name, ChildNode target, String... flags) {
        List<String> args = new ArrayList<>(List.of("-node-id", name, "-http-addr", "127.0.0.1:" + FreePorts.next(),
                "-raft-addr", "127.0.0.1:" + FreePorts.next(), "-join", target.raftAddress(), "-join-attempts", "2",
                "-join-interval", "1s"));
        args.addAll(List.of(flags));
        args.add(dir.resolve(name).toString());
        return ChildNode.run(args.toArray(String[]::new));
    }

    /**
     * Whether the node keeps a TLS connection from this client open. With TLS 1.3 a server rejects a client
     * certificate after the client's handshake is done, so the verdict is the first read: an accepted connection
     * waits for Bolt's request (the read times out), a rejected one ends (an alert or end of stream).
     */
    private static boolean accepts(SSLContext client, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.startHandshake();
            return s.getInputStream().read() != -1;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SSLException | SocketException e) {
            return false;
        }
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
