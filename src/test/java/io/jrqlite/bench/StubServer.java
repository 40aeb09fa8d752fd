package io.jrqlite.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A stand-in node for tests and overhead measurements: the JDK's HttpServer on 127.0.0.1, port 0, answering every
 * request with a fixed status and body. Records what it received (up to a cap, so long runs stay cheap).
 */
final class StubServer implements AutoCloseable {

    /** What one request looked like on arrival. */
    record Seen(String method, URI uri, String body, String contentType) {
    }

    static {
        // Without this the JDK server's separate head and body writes meet the client's delayed ACK: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final String OK_BODY = "{\"results\":[{}]}";
    private static final int MAX_SEEN = 10_000;

    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile int status = 200;
    private volatile byte[] body = OK_BODY.getBytes(StandardCharsets.UTF_8);
    private volatile boolean chunked;
    private volatile long delayMillis;
    private volatile boolean record = true;

    StubServer(int threads) throws IOException {
        this(threads, null);
    }

    /** @param tls the server's context for HTTPS, null for plain HTTP */
    StubServer(int threads, SSLContext tls) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(any, 1024);
        } else {
            HttpsServer https = HttpsServer.create(any, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    StubServer() throws IOException {
        this(8);
    }

    StubServer respond(int status, String body) {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    StubServer chunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    StubServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    StubServer recording(boolean record) {
        this.record = record;
        return this;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requestCount() {
        return count.get();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        count.incrementAndGet();
        if (record && seen.size() < MAX_SEEN) {
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI(), new String(in, StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst("Content-Type")));
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = body;
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, chunked ? 0 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
