package io.jrqlite.http;

import io.jrqlite.tls.PemFiles;
import io.jrqlite.tls.ReloadingKeyPair;
import io.jrqlite.tls.TrustedCas;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The API's TLS: TLS 1.2 and 1.3, ALPN offering h2 and http/1.1, optional client certificates. The certificate and
 * key are reloaded when their files change ({@link ReloadingKeyPair}); the CA is read once, at start.
 */
public final class ServerTls implements AutoCloseable {

    static final List<String> NEXT_PROTOS = List.of(ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);

    private final TlsSettings settings;
    private final TrustManager clientTrust;
    private ReloadingKeyPair<SslContext> contexts;

    private ServerTls(TlsSettings settings, TrustManager clientTrust) {
        this.settings = settings;
        this.clientTrust = clientTrust;
    }

    /**
     * Reads the certificate, key and CA and starts watching the certificate and key.
     *
     * @throws IOException naming the file that is missing, unreadable or invalid
     */
    public static ServerTls load(TlsSettings settings) throws IOException {
        ServerTls tls = new ServerTls(settings, settings.verifyClient()
                ? TrustedCas.requiringCommonName(TrustedCas.from(settings.caFile()), settings.verifyCommonName()) : null);
        tls.contexts = ReloadingKeyPair.start("HTTPS", settings.certFile(), settings.keyFile(), tls::build);
        return tls;
    }

    /** A handler for a new connection, from the context current now. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return contexts.current().newHandler(alloc);
    }

    private SslContext build(byte[] certPem, byte[] keyPem) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certPem, settings.certFile());
        PrivateKey key = PemFiles.privateKey(keyPem, settings.keyFile());
        PemFiles.checkPair(key, chain.get(0));
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, NEXT_PROTOS));
        if (clientTrust != null) {
            builder.clientAuth(ClientAuth.REQUIRE).trustManager(clientTrust);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IOException("cannot use " + settings.certFile() + " and " + settings.keyFile() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        contexts.close();
    }
}
