package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in node that answers with a redirect, as a follower does. */
class NodeClientTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/follower/db/execute", ex -> {
            seen.add("follower " + ex.getRequestMethod());
            ex.getResponseHeaders().add("Location", "/leader/db/execute");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/leader/db/execute", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add("leader " + ex.getRequestMethod() + " " + body + " "
                    + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = "{\"results\":[{\"rows_affected\":1}]}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Rqlite-Version", "v9.9.9");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void followsA301WithTheSameMethodBodyAndCredentials() throws Exception {
        ShellOptions o = ShellOptions.parse(List.of("-p", String.valueOf(server.getAddress().getPort()),
                "-P", "/follower/", "-u", "bob:pw"), Map.of());
        NodeClient.Reply r = new NodeClient(o).post("db/execute", "application/json",
                "[\"INSERT\"]".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.version()).isEqualTo("v9.9.9");
        assertThat(r.text()).contains("rows_affected");
        assertThat(seen).containsExactly("follower POST", "leader POST [\"INSERT\"] Basic Ym9iOnB3");
    }

    @Test
    void failsOverToAnAlternativeWhenTheNodeCannotBeReached() throws Exception {
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        String live = "127.0.0.1:" + server.getAddress().getPort();
        ShellOptions o = ShellOptions.parse(List.of("-p", String.valueOf(dead), "-a", live, "-P", "/leader/"),
                Map.of());
        NodeClient client = new NodeClient(o);
        assertThat(client.hostPort()).isEqualTo("127.0.0.1:" + dead);
        assertThat(client.post("db/execute", "application/json", "[]".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(200);
        assertThat(client.hostPort()).isEqualTo(live);
    }

    @Test
    void withNoAlternativeLeftTheConnectionErrorIsReported() throws Exception {
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        NodeClient client = new NodeClient(ShellOptions.parse(List.of("-p", String.valueOf(dead)), Map.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("status"))
                .hasMessageStartingWith("cannot connect to 127.0.0.1:" + dead);
    }
}
