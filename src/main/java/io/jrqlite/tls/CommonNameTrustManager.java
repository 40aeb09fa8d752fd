package io.jrqlite.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client verification for {@code -http-verify-common-name} and {@code -node-verify-common-name}: the usual chain
 * check, then the leaf's subject CN must equal the configured name, so a wrong client fails in the handshake.
 */
final class CommonNameTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager chains;
    private final String commonName;

    CommonNameTrustManager(X509ExtendedTrustManager chains, String commonName) {
        this.chains = chains;
        this.commonName = commonName;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        chains.checkClientTrusted(chain, authType, engine);
        checkName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        chains.checkClientTrusted(chain, authType, socket);
        checkName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chains.checkClientTrusted(chain, authType);
        checkName(chain);
    }

    private void checkName(X509Certificate[] chain) throws CertificateException {
        String cn = commonName(chain[0]);
        if (!commonName.equals(cn)) {
            throw new CertificateException("client certificate common name " + cn + " is not " + commonName);
        }
    }

    static String commonName(X509Certificate cert) throws CertificateException {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return "";
        } catch (InvalidNameException e) {
            throw new CertificateException("unreadable client certificate subject", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        chains.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        chains.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chains.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.getAcceptedIssuers();
    }
}
