package io.jrqlite.cluster;

import io.jrqlite.tls.PemFiles;
import io.jrqlite.tls.ReloadingKeyPair;
import io.jrqlite.tls.TrustedCas;
import io.jrqlite.tls.TrustingAny;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Node-to-node TLS on the Raft port: the contexts for connections the port accepts and for connections this node
 * dials, made from the {@code -node-*} flags. Raft, snapshots and our internode messages all travel on Bolt
 * connections made by jraft's RPC factory, which asks {@link #active()} when it makes each server and client
 * ({@link TlsRpcFactory}): so the settings are per process (one node per process, as rqlited).
 *
 * <p>Dialling checks the peer's chain against {@code -node-ca-cert} (the JDK's roots without it) and its name
 * against the dialled host, or against {@code -node-verify-server-name} when set; {@code -node-no-verify} checks
 * neither. Accepting asks for a client certificate only with {@code -node-verify-client}, then checks its chain and,
 * with {@code -node-verify-common-name}, its subject CN. The certificate and key are reloaded when their files
 * change; the CA is read once.
 */
public final class NodeTls implements AutoCloseable {

    /**
     * What the {@code -node-*} flags ask for; strings may be empty (not set).
     *
     * @param caFile         PEM CAs that peers' certificates must chain to ({@code -node-ca-cert})
     * @param noVerify       trust any certificate a dialled node presents ({@code -node-no-verify})
     * @param verifyClient   require and verify certificates of dialling nodes ({@code -node-verify-client})
     * @param serverName     the name dialled nodes' certificates must carry ({@code -node-verify-server-name})
     * @param clientCommonName the subject CN dialling nodes' certificates must carry
     *                       ({@code -node-verify-common-name})
     */
    public record Settings(String certFile, String keyFile, String caFile, boolean noVerify, boolean verifyClient,
            String serverName, String clientCommonName) {
    }

    /** The two contexts one certificate and key make. */
    private record Contexts(SslContext accepting, SslContext dialling) {
    }

    private static volatile NodeTls active;

    private final Settings settings;
    private final X509ExtendedTrustManager peerServers;
    private final X509ExtendedTrustManager peerClients;
    private ReloadingKeyPair<Contexts> contexts;

    private NodeTls(Settings settings, X509ExtendedTrustManager peerServers, X509ExtendedTrustManager peerClients) {
        this.settings = settings;
        this.peerServers = peerServers;
        this.peerClients = peerClients;
    }

    /**
     * Reads the files and turns TLS on for every Bolt server and client this process makes afterwards, until
     * {@link #close()}.
     *
     * @throws IOException naming the file that cannot be read or is not what it should be
     */
    public static synchronized NodeTls enable(Settings settings) throws IOException {
        if (active != null) {
            throw new IllegalStateException("node TLS is on already in this process");
        }
        X509ExtendedTrustManager chains = TrustedCas.from(settings.caFile());
        NodeTls tls = new NodeTls(settings, settings.noVerify() ? new TrustingAny() : chains,
                settings.verifyClient() ? TrustedCas.requiringCommonName(chains, settings.clientCommonName()) : null);
        tls.contexts = ReloadingKeyPair.start("node TLS", settings.certFile(), settings.keyFile(), tls::build);
        active = tls;
        return tls;
    }

    /** The TLS this process's Raft port speaks, or null for plain TCP. */
    static NodeTls active() {
        return active;
    }

    /** Whether this process speaks TLS between nodes, for {@code /status}. */
    public static boolean enabled() {
        return active != null;
    }

    private Contexts build(byte[] certPem, byte[] keyPem) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certPem, settings.certFile());
        PrivateKey key = PemFiles.privateKey(keyPem, settings.keyFile());
        PemFiles.checkPair(key, chain.get(0));
        try {
            SslContextBuilder accepting = SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (peerClients != null) {
                accepting.clientAuth(ClientAuth.REQUIRE).trustManager(peerClients);
            }
            // A dialling node always presents its certificate, for peers that verify clients.
            SslContext dialling = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").keyManager(key, chain).trustManager(peerServers).build();
            return new Contexts(accepting.build(), dialling);
        } catch (SSLException e) {
            throw new IOException("cannot use " + settings.certFile() + " and " + settings.keyFile() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The TLS end of a connection the Raft port accepted. */
    SslHandler accepting(ByteBufAllocator alloc) {
        return contexts.current().accepting().newHandler(alloc);
    }

    /** The TLS end of a connection to {@code peer}, whose certificate must name the peer as dialled. */
    SslHandler dialling(ByteBufAllocator alloc, InetSocketAddress peer) {
        String name = settings.serverName().isEmpty() ? peer.getHostString() : settings.serverName();
        SSLEngine engine = contexts.current().dialling().newEngine(alloc, name, peer.getPort());
        if (!settings.noVerify()) {
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the JDK checks the name against the SANs
            engine.setSSLParameters(params);
        }
        return new SslHandler(engine);
    }

    @Override
    public void close() {
        contexts.close();
        synchronized (NodeTls.class) {
            if (active == this) {
                active = null;
            }
        }
    }
}
