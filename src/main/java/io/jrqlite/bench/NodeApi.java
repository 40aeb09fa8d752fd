package io.jrqlite.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP calls the figures make to one node, over the JDK's client (HTTP/1.1 only). Thread-safe. Every call has a
 * timeout; large bodies are streamed to and from files, never held in memory.
 */
final class NodeApi {

    /** A reply with a short body (whole bodies of large replies go to files instead). */
    record Reply(int status, String body) {
        boolean failed() {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            return ResponseCheck.failed(status, b, b.length);
        }

        /** The status and the start of the body, for a failure message. */
        String describe() {
            String b = body.strip().replace('\n', ' ');
            return "HTTP " + status + (b.isEmpty() ? "" : ": " + (b.length() > 200 ? b.substring(0, 200) + "..." : b));
        }
    }

    /** A timed transfer of a file-sized body; {@code error} describes a failure, empty on success. */
    record Transfer(int status, long bytes, long nanos, String error) {
        boolean failed() {
            return !error.isEmpty();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration SHORT = Duration.ofSeconds(5);

    private final String base;

    NodeApi(String hostPort) {
        this.base = "http://" + hostPort;
    }

    Reply execute(String jsonArray, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = request("/db/execute", timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
                .build();
        HttpResponse<String> r = send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** Rows in the table, or empty when the node did not answer with a count (not ready, an error). */
    OptionalLong count(String table) throws InterruptedException {
        return count(table, "");
    }

    /** As {@link #count}, at level none: a follower answers from its own database instead of asking the leader. */
    OptionalLong localCount(String table) throws InterruptedException {
        return count(table, "&level=none");
    }

    private OptionalLong count(String table, String params) throws InterruptedException {
        String q = URLEncoder.encode("SELECT count(*) FROM " + table, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            HttpResponse<String> r = send(request("/db/query?q=" + q + params, SHORT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? NodeJson.firstInteger(r.body()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** True when GET /readyz answers 200; false on any other answer or none. */
    boolean ready() throws InterruptedException {
        try {
            HttpResponse<Void> r = send(request("/readyz", SHORT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    Map<String, Long> storeCounters() throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/debug/vars", SHORT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /debug/vars: HTTP " + r.statusCode());
        }
        return NodeJson.storeCounters(r.body());
    }

    /** POST /snapshot: 200 when one was taken, 204 when nothing was new. */
    Reply snapshot(Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/snapshot", timeout).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** GET /db/backup with the query string (may be empty), the body streamed into {@code file}. */
    Transfer backup(String query, Path file, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = request("/db/backup" + (query.isEmpty() ? "" : "?" + query), timeout).GET().build();
        long t0 = System.nanoTime();
        HttpResponse<Path> r = send(req, HttpResponse.BodyHandlers.ofFile(file));
        long nanos = System.nanoTime() - t0;
        long size = Files.size(file);
        String error = "";
        if (r.statusCode() != 200) {
            byte[] head = new byte[(int) Math.min(size, 4096)];
            try (var in = Files.newInputStream(file)) {
                error = new Reply(r.statusCode(), new String(head, 0, in.readNBytes(head, 0, head.length),
                        StandardCharsets.UTF_8)).describe();
            }
        }
        return new Transfer(r.statusCode(), size, nanos, error);
    }

    /** POST /db/load with the file streamed as the body. */
    Transfer load(Path file, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = request("/db/load", timeout)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(req, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        Reply reply = new Reply(r.statusCode(), r.body());
        return new Transfer(r.statusCode(), Files.size(file), nanos, reply.failed() ? reply.describe() : "");
    }

    /**
     * Sends and waits at most the request's timeout (plus a second) for the whole response, body included: the JDK
     * client's own timeout ends at the response head, and a stalled body must not hang the run.
     */
    private static <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> f = CLIENT.sendAsync(req, handler);
        long millis = req.timeout().orElse(SHORT).toMillis() + 1_000;
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException(req.method() + " " + req.uri().getPath() + ": no complete response in "
                    + millis + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .header("User-Agent", "jrqlite-durability-figures");
    }
}
