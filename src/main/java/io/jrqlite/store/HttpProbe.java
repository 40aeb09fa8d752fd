package io.jrqlite.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Catches a common mistake before any join: {@code -join} naming a node's HTTP address instead of its Raft address.
 * Any HTTP or HTTPS answer to {@code GET /status}, whatever its status or certificate, means the address serves
 * HTTP.
 */
final class HttpProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HttpProbe() {
    }

    /**
     * @throws ClusterFormationException naming the first address that answers HTTP
     * @throws InterruptedException       when the node is being stopped
     */
    static void checkNotHttp(List<String> addresses) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(io.jrqlite.tls.TrustingAny.sslContext()).build();
        for (String address : addresses) {
            if (answersHttp(client, "http://", address) || answersHttp(client, "https://", address)) {
                throw new ClusterFormationException(
                        "join address " + address + " appears to be serving HTTP when it should be Raft");
            }
        }
    }

    private static boolean answersHttp(HttpClient client, String scheme, String address)
            throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + address + "/status"))
                    .timeout(TIMEOUT).GET().build();
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false; // not reachable, not HTTP, or not an address at all: the join itself will tell
        }
    }
}
