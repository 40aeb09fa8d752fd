package io.jrqlite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small HTTP client for a node's API, as curl would use it. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** For HTTPS nodes: any certificate is accepted, as with {@code curl -k}. */
    private static final HttpClient INSECURE_TLS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(TestCerts.trustingAny())
            .build();

    private final String base;
    private final HttpClient client;
    /** The Authorization header every request carries, or null. */
    private final String authorization;

    public Api(String hostPort) {
        this("http://" + hostPort, CLIENT, null);
    }

    private Api(String base, HttpClient client, String authorization) {
        this.base = base;
        this.client = client;
        this.authorization = authorization;
    }

    /** A client for a node serving HTTPS, trusting any certificate. */
    public static Api https(String hostPort) {
        return new Api("https://" + hostPort, INSECURE_TLS, null);
    }

    /** The same API, every request with HTTP Basic authentication as {@code user}. */
    public Api as(String user, String password) {
        String pair = user + ":" + password;
        return new Api(base, client,
                "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** A response: status, body text and headers. */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public Reply post(String pathAndQuery, String json) {
        return post(pathAndQuery, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Reply post(String pathAndQuery, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply method(String method, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST /db/execute} with a JSON array body. */
    public Reply execute(String json) {
        return post("/db/execute", json);
    }

    /** {@code GET /db/query?q=...}. */
    public Reply query(String sql, String extraQuery) {
        String q = "/db/query?q=" + java.net.URLEncoder.encode(sql, StandardCharsets.UTF_8)
                + (extraQuery == null || extraQuery.isEmpty() ? "" : "&" + extraQuery);
        return get(q);
    }

    /** A counter of {@code GET /debug/vars?key=map}, e.g. {@code counter("store", "num_restores")}. */
    public long counter(String map, String name) {
        String vars = get("/debug/vars?key=" + map).body();
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\s*(\\d+)").matcher(vars);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + vars);
        }
        return Long.parseLong(m.group(1));
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private Reply send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
