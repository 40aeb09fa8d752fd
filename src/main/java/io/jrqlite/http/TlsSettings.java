package io.jrqlite.http;

/**
 * What the HTTPS flags ask for. Paths are as given; {@code caFile} and {@code verifyCommonName} may be empty.
 *
 * @param certFile         PEM certificate chain, leaf first ({@code -http-cert})
 * @param keyFile          PEM private key: PKCS#8, PKCS#1 RSA or SEC1 EC ({@code -http-key})
 * @param caFile           PEM CA certificates that client certificates must chain to ({@code -http-ca-cert})
 * @param verifyClient     require and verify a client certificate ({@code -http-verify-client})
 * @param verifyCommonName the subject CN a client leaf certificate must carry ({@code -http-verify-common-name})
 */
public record TlsSettings(String certFile, String keyFile, String caFile, boolean verifyClient,
        String verifyCommonName) {
}
