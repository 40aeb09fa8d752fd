package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private static Target loopback(int port) throws Exception {
        return Target.resolve("127.0.0.1:" + port, false);
    }

    private static byte[] post(Target t) throws Exception {
        return BenchRequest.forRun(BenchConfig.parse(), t).bytes();
    }

    @Test
    void readsContentLengthAndChunkedBodiesOnOneConnection() throws Exception {
        try (StubServer server = new StubServer()) {
            Target t = loopback(server.port());
            try (HttpConnection c = new HttpConnection(HttpConnection.reachable(t, 1000))) {
                assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo(StubServer.OK_BODY);
                server.chunked(true).respond(500, "x".repeat(40_000));
                assertThat(c.exchange(post(t), 5000)).isEqualTo(500);
                assertThat(c.bodyText()).hasSize(40_000);
                server.chunked(false).respond(200, "{}");
                assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("{}");
            }
            assertThat(server.requestCount()).isEqualTo(3);
            StubServer.Seen s = server.seen().get(0);
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.contentType()).isEqualTo("application/json");
            assertThat(s.body()).isEqualTo("[\"INSERT INTO foo(name) VALUES(\\\"fiona\\\")\"]");
        }
    }

    @Test
    void resendsOnceWhenTheServerDroppedAnIdleKeepAliveConnection() throws Exception {
        // Answers one request per connection without saying Connection: close, then hangs up.
        try (RawServer server = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 1)) {
            Target t = loopback(server.port());
            try (HttpConnection c = new HttpConnection(new InetSocketAddress(t.addresses().get(0), t.port()))) {
                for (int i = 0; i < 5; i++) {
                    assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
                    assertThat(c.bodyText()).isEqualTo("{}");
                    Thread.sleep(20);
                }
            }
            assertThat(server.requests.get()).isEqualTo(5);
        }
    }

    @Test
    void readsABodyDelimitedByCloseAndReconnectsAfterwards() throws Exception {
        try (RawServer server = new RawServer("HTTP/1.0 200 OK\r\n\r\n{\"results\":[]}", 1)) {
            Target t = loopback(server.port());
            try (HttpConnection c = new HttpConnection(new InetSocketAddress(t.addresses().get(0), t.port()))) {
                assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("{\"results\":[]}");
                assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
            }
        }
    }

    @Test
    void skipsInterimResponses() throws Exception {
        try (RawServer server = new RawServer(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc", 1)) {
            Target t = loopback(server.port());
            try (HttpConnection c = new HttpConnection(new InetSocketAddress(t.addresses().get(0), t.port()))) {
                assertThat(c.exchange(post(t), 5000)).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("abc");
            }
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (RawServer server = new RawServer(null, 1)) {
            Target t = loopback(server.port());
            try (HttpConnection c = new HttpConnection(new InetSocketAddress(t.addresses().get(0), t.port()))) {
                assertThatThrownBy(() -> c.exchange(post(t), 200)).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void reachableReportsARefusedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Target t = loopback(port);
        assertThatThrownBy(() -> HttpConnection.reachable(t, 1000)).hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    /** Serves a canned raw response to each request, closing each connection after {@code perConnection}. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger requests = new AtomicInteger();
        final Thread thread;

        RawServer(String response, int perConnection) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < perConnection; i++) {
                            int length = 0;
                            String line;
                            while ((line = r.readLine()) != null && !line.isEmpty()) {
                                if (line.toLowerCase().startsWith("content-length:")) {
                                    length = Integer.parseInt(line.substring(15).trim());
                                }
                            }
                            if (line == null) {
                                break;
                            }
                            r.skip(length);
                            requests.incrementAndGet();
                            if (response == null) {
                                Thread.sleep(2_000);
                                break;
                            }
                            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the test closed the server, or the client went away
                    }
                }
            }, "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
