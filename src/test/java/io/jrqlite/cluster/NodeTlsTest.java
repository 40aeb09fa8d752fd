package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.testing.TestCerts;
import io.jrqlite.testing.TestCerts.Ca;
import io.jrqlite.testing.TestCerts.Issued;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks each side of a node-to-node connection makes, with the two ends' TLS handlers joined in memory (no
 * sockets, no nodes): names against the dialled host or {@code -node-verify-server-name}, {@code -node-no-verify},
 * client certificates and their CN.
 */
class NodeTlsTest {

    private static final Ca CA = Ca.create("test-ca");
    private static final Ca OTHER_CA = Ca.create("other-ca");
    private static final InetSocketAddress DIALLED = new InetSocketAddress("127.0.0.1", 4002);

    @TempDir
    Path dir;

    private NodeTls tls;

    @AfterEach
    void off() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void aDialledAddressMustBeNamedInThePeersCertificate() throws IOException {
        assertThat(handshake(settings(CA.server("peer"), CA, false, false, "", ""), DIALLED)).isNull();
        assertThat(handshake(settings(CA.named("peer", "raft.internal"), CA, false, false, "", ""), DIALLED))
                .contains("No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void verifyServerNameChecksThatNameInstead() throws IOException {
        assertThat(handshake(settings(CA.named("peer", "raft.internal"), CA, false, false, "raft.internal", ""),
                DIALLED)).isNull();
        assertThat(handshake(settings(CA.server("peer"), CA, false, false, "raft.internal", ""), DIALLED))
                .contains("No subject alternative DNS name matching raft.internal");
    }

    @Test
    void anUntrustedChainIsRefusedUnlessNoVerify() throws IOException {
        assertThat(handshake(settings(CA.server("peer"), OTHER_CA, false, false, "", ""), DIALLED))
                .contains("unable to find valid certification path");
        assertThat(handshake(settings(CA.named("peer", "elsewhere"), OTHER_CA, true, false, "", ""), DIALLED))
                .isNull();
    }

    @Test
    void verifyClientChecksTheDiallersChainAndCommonName() throws IOException {
        assertThat(handshake(settings(CA.server("member"), CA, false, true, "", "member"), DIALLED)).isNull();
        assertThat(handshake(settings(CA.server("intruder"), CA, false, true, "", "member"), DIALLED))
                .contains("client certificate common name intruder is not member");
    }

    @Test
    void oneNodeTlsPerProcess() throws IOException {
        tls = NodeTls.enable(settings(CA.server("peer"), CA, false, false, "", ""));
        assertThat(NodeTls.enabled()).isTrue();
        assertThatThrownBy(() -> NodeTls.enable(settings(CA.server("other"), CA, false, false, "", "")))
                .isInstanceOf(IllegalStateException.class);
        tls.close();
        tls = null;
        assertThat(NodeTls.enabled()).isFalse();
    }

    /**
     * Both ends use {@code s} (one node dialling another configured alike); returns the first failure's message
     * on either side, or null when both handshakes succeed.
     */
    private String handshake(NodeTls.Settings s, InetSocketAddress dialled) throws IOException {
        tls = NodeTls.enable(s);
        SslHandler server = tls.accepting(ByteBufAllocator.DEFAULT);
        SslHandler client = tls.dialling(ByteBufAllocator.DEFAULT, dialled);
        EmbeddedChannel accepted = new EmbeddedChannel(server);
        EmbeddedChannel dialling = new EmbeddedChannel(client);
        try {
            for (int round = 0; round < 20 && !(client.handshakeFuture().isDone() && server.handshakeFuture().isDone()
                    && !pending(dialling) && !pending(accepted)); round++) {
                shuttle(dialling, accepted);
                shuttle(accepted, dialling);
            }
            Throwable failure = client.handshakeFuture().cause() != null ? client.handshakeFuture().cause()
                    : server.handshakeFuture().cause();
            if (failure == null && !(client.handshakeFuture().isSuccess() && server.handshakeFuture().isSuccess())) {
                return "handshake did not finish";
            }
            return failure == null ? null : failure.getMessage();
        } finally {
            accepted.finishAndReleaseAll();
            dialling.finishAndReleaseAll();
            tls.close();
            tls = null;
        }
    }

    private static boolean pending(EmbeddedChannel ch) {
        return !ch.outboundMessages().isEmpty();
    }

    /** Moves what {@code from} wrote into {@code to}, as the network would; a refused end's error stays there. */
    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            if (!to.isOpen()) {
                out.release();
                continue;
            }
            try {
                to.writeInbound(out);
            } catch (RuntimeException e) { // the handshake failure, also recorded in the handler's future
                // nothing to do: handshake() reads the futures
            }
        }
    }

    private NodeTls.Settings settings(Issued node, Ca trust, boolean noVerify, boolean verifyClient,
            String serverName, String clientCn) throws IOException {
        String name = "n" + System.nanoTime();
        Path cert = TestCerts.writeCerts(dir.resolve(name + ".crt"), node.cert());
        Path key = TestCerts.writePkcs8(dir.resolve(name + ".key"), node.key());
        Path ca = TestCerts.writeCerts(dir.resolve(name + "-ca.crt"), new X509Certificate[] {trust.cert()});
        return new NodeTls.Settings(cert.toString(), key.toString(), ca.toString(), noVerify, verifyClient,
                serverName, clientCn);
    }
}
