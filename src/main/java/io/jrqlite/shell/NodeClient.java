package io.jrqlite.shell;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The shell's only way to the node: HTTP over java.net.http. Redirects (301 from a follower) are followed here,
 * by hand, so that the method and body go along to the leader unchanged.
 */
final class NodeClient {

    private static final int MAX_REDIRECTS = 5;

    /** One answer: status, body bytes and the version the node reports. */
    record Reply(int status, byte[] body, String version) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final ShellOptions options;
    /** The node in use: the one asked for, then each alternative in turn when a connection fails. */
    private final java.util.List<String> candidates = new java.util.ArrayList<>();
    /** Read by the table-name fetch on its own thread too. */
    private volatile int current;
    private final String authorization;
    private final Duration timeout;

    NodeClient(ShellOptions options) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (options.insecure() || options.caCert() != null || options.clientCert() != null) {
            try {
                builder.sslContext(TlsContext.build(options));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("TLS setup failed: " + e.getMessage(), e);
            }
        }
        this.http = builder.build();
        this.options = options;
        candidates.add(options.hostPort());
        candidates.addAll(options.alternatives());
        this.authorization = options.user() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(options.user().getBytes(StandardCharsets.UTF_8));
        this.timeout = options.timeout();
    }

    /** The host:port the shell is talking to now; the prompt shows it. */
    String hostPort() {
        return candidates.get(current);
    }

    /** The base URL of the node in use, ending in "/". */
    String baseUrl() {
        return options.baseUrl(hostPort());
    }

    Reply get(String pathAndQuery) throws IOException {
        return send("GET", pathAndQuery, null, null);
    }

    /** GET of a full URL, e.g. another node's API address taken from /nodes. */
    Reply getUrl(String url) throws IOException {
        return getUrl(url, timeout);
    }

    /** GET of a full URL with its own timeout, and no failover: for work in the background. */
    Reply getUrl(String url, Duration limit) throws IOException {
        return sendTo(URI.create(url), "GET", null, null, limit);
    }

    Reply post(String pathAndQuery, String contentType, byte[] body) throws IOException {
        return send("POST", pathAndQuery, contentType, body);
    }

    Reply delete(String pathAndQuery, String contentType, byte[] body) throws IOException {
        return send("DELETE", pathAndQuery, contentType, body);
    }

    private Reply send(String method, String pathAndQuery, String contentType, byte[] body) throws IOException {
        for (int tried = 1; ; tried++) {
            try {
                return sendTo(URI.create(options.baseUrl(hostPort()) + pathAndQuery), method, contentType, body,
                        timeout);
            } catch (java.net.ConnectException e) {
                if (tried >= candidates.size()) {
                    throw new IOException("cannot connect to " + hostPort() + ": " + e.getMessage(), e);
                }
                current = (current + 1) % candidates.size();
            }
        }
    }

    private Reply sendTo(URI first, String method, String contentType, byte[] body, Duration limit)
            throws IOException {
        URI uri = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(limit)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            String location = r.headers().firstValue("Location").orElse(null);
            if ((r.statusCode() == 301 || r.statusCode() == 307 || r.statusCode() == 308) && location != null) {
                uri = uri.resolve(location);
                continue;
            }
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("X-Rqlite-Version").orElse(""));
        }
        throw new IOException("too many redirects");
    }
}
