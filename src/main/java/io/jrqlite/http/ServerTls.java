package io.jrqlite.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's TLS: TLS 1.2 and 1.3, ALPN offering h2 and http/1.1, optional client certificates. The certificate and
 * key files are checked every second and, when their content changes and still forms a valid pair, new connections
 * get the new ones; open connections keep theirs. The CA is read once, at start.
 */
public final class ServerTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    static final List<String> NEXT_PROTOS = List.of(ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);

    private final TlsSettings settings;
    private final TrustManager clientTrust;
    private final AtomicReference<SslContext> current = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    /** The file contents last tried, so a bad pair is reported once and retried only when a file changes again. */
    private byte[] seenCert;
    private byte[] seenKey;

    private ServerTls(TlsSettings settings, TrustManager clientTrust) {
        this.settings = settings;
        this.clientTrust = clientTrust;
        this.watcher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("https-reload", true));
    }

    /**
     * Reads the certificate, key and CA and starts watching the certificate and key.
     *
     * @throws IOException naming the file that is missing, unreadable or invalid
     */
    public static ServerTls load(TlsSettings settings) throws IOException {
        ServerTls tls = new ServerTls(settings, settings.verifyClient() ? clientTrust(settings) : null);
        byte[] cert = Files.readAllBytes(Path.of(settings.certFile()));
        byte[] key = Files.readAllBytes(Path.of(settings.keyFile()));
        tls.current.set(tls.build(cert, key));
        tls.seenCert = cert;
        tls.seenKey = key;
        tls.watcher.scheduleWithFixedDelay(tls::reloadIfChanged, 1, 1, TimeUnit.SECONDS);
        return tls;
    }

    /** A handler for a new connection, from the context current now. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return current.get().newHandler(alloc);
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

    /** Verifies client chains against the CA file (the JDK's roots without one), then the leaf's CN if asked. */
    private static TrustManager clientTrust(TlsSettings settings) throws IOException {
        try {
            KeyStore roots = null;
            if (!settings.caFile().isEmpty()) {
                roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(Path.of(settings.caFile()))) {
                    roots.setCertificateEntry("ca" + i++, ca);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(roots);
            X509ExtendedTrustManager chains = Arrays.stream(tmf.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IOException("no X.509 trust manager"));
            return settings.verifyCommonName().isEmpty() ? chains
                    : new CommonNameTrustManager(chains, settings.verifyCommonName());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use CA certificates " + settings.caFile() + ": " + e.getMessage(), e);
        }
    }

    private void reloadIfChanged() {
        try {
            byte[] cert = Files.readAllBytes(Path.of(settings.certFile()));
            byte[] key = Files.readAllBytes(Path.of(settings.keyFile()));
            if (Arrays.equals(cert, seenCert) && Arrays.equals(key, seenKey)) {
                return;
            }
            seenCert = cert;
            seenKey = key;
            current.set(build(cert, key));
            LOG.info("HTTPS certificate and key reloaded from {} and {}", settings.certFile(), settings.keyFile());
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTPS certificate not reloaded, still serving the previous one: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
