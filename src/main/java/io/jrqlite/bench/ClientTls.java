package io.jrqlite.bench;

import io.jrqlite.tls.TrustedCas;
import io.jrqlite.tls.TrustingAny;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS for an https target. By default any server certificate is trusted, as {@code curl -k}: a benchmark measures
 * the node, not its certificates. With {@code -ca-cert} only that CA is trusted and the host name is checked.
 */
final class ClientTls {

    private final SSLSocketFactory factory;
    private final String serverName;
    private final boolean checkHostName;

    ClientTls(SSLSocketFactory factory, String serverName, boolean checkHostName) {
        this.factory = factory;
        this.serverName = serverName;
        this.checkHostName = checkHostName;
    }

    /** The TLS to use for the target, or null for plain HTTP. */
    static ClientTls forTarget(Target target, String caCertFile) throws BenchConfig.UsageException {
        if (!target.https()) {
            if (!caCertFile.isEmpty()) {
                throw new BenchConfig.UsageException("-ca-cert needs an https:// address");
            }
            return null;
        }
        if (caCertFile.isEmpty()) {
            return new ClientTls(TrustingAny.sslContext().getSocketFactory(), target.host(), false);
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {TrustedCas.from(caCertFile)}, null);
            return new ClientTls(ctx.getSocketFactory(), target.host(), true);
        } catch (IOException | GeneralSecurityException e) {
            throw new BenchConfig.UsageException("-ca-cert " + caCertFile + ": " + e.getMessage());
        }
    }

    /** Layers TLS over a connected socket and completes the handshake; closing the result closes {@code tcp}. */
    SSLSocket handshake(Socket tcp) throws IOException {
        SSLSocket s = (SSLSocket) factory.createSocket(tcp, serverName, tcp.getPort(), true);
        if (checkHostName) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
        }
        s.startHandshake();
        return s;
    }
}
