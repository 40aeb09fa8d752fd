package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RqbenchTest {

    /** One run's exit status and what it printed. */
    private record Run(int rc, String out, String err) {
        Map<String, String> result() {
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            Map<String, String> kv = new HashMap<>();
            for (String pair : line.substring("RESULT ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return kv;
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Rqbench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void countsRequestsAndPrintsTheTableAndTheResultLine() throws Exception {
        try (StubServer server = new StubServer()) {
            Run r = run("-a", server.address(), "-n", "50", "-b", "3", "-c", "4", "-x", "-qs", "level=none",
                    "-o", "CREATE TABLE foo (id INTEGER NOT NULL PRIMARY KEY, name TEXT)");
            assertThat(r.rc()).as(r.err()).isEqualTo(Rqbench.EXIT_OK);
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains(
                    "Test target:     POST http://" + server.address() + "/db/execute?transaction&level=none",
                    "Requests:        50 sent, 0 errors", "Duration:", "Requests/sec:", "Statements/sec:",
                    "Latency (ms):    p50 ");
            Map<String, String> kv = r.result();
            assertThat(kv).containsEntry("requests", "50").containsEntry("errors", "0")
                    .containsEntry("batch", "3").containsEntry("concurrency", "4").containsEntry("stopped_by", "count")
                    .containsKeys("elapsed_s", "req_per_s", "stmts_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms");
            double reqs = Double.parseDouble(kv.get("req_per_s"));
            assertThat(Double.parseDouble(kv.get("stmts_per_s"))).isCloseTo(reqs * 3, org.assertj.core.api.Assertions.within(0.1));
            assertThat(Double.parseDouble(kv.get("p50_ms"))).isLessThanOrEqualTo(Double.parseDouble(kv.get("max_ms")));

            List<StubServer.Seen> seen = server.seen();
            assertThat(seen).hasSize(51);
            assertThat(seen.get(0).uri().getPath()).isEqualTo("/db/execute");
            assertThat(seen.get(0).body()).isEqualTo("[\"CREATE TABLE foo (id INTEGER NOT NULL PRIMARY KEY, name TEXT)\"]");
            String insert = "\"INSERT INTO foo(name) VALUES(\\\"fiona\\\")\"";
            assertThat(seen.subList(1, 51)).allSatisfy(s -> {
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.uri().getRawQuery()).isEqualTo("transaction&level=none");
                assertThat(s.body()).isEqualTo("[" + insert + "," + insert + "," + insert + "]");
            });
        }
    }

    @Test
    void errorsInResultsAreCountedAndTheFirstFewShown() throws Exception {
        try (StubServer server = new StubServer().respond(200, "{\"results\":[{\"error\":\"no such table: foo\"}]}")) {
            Run r = run("-a", server.address(), "-n", "20", "-c", "2");
            assertThat(r.rc()).isEqualTo(Rqbench.EXIT_FAILED);
            assertThat(r.result()).containsEntry("requests", "20").containsEntry("errors", "20");
            assertThat(r.out()).contains("First errors:", "HTTP 200: {\"results\":[{\"error\":\"no such table: foo\"}]}");
            assertThat(r.out().lines().filter(l -> l.startsWith("  HTTP 200"))).hasSize(LoadRunner.MAX_ERROR_SAMPLES);
        }
    }

    @Test
    void aNon200StatusIsAnError() throws Exception {
        try (StubServer server = new StubServer().respond(503, "{\"error\":\"leader not found\"}")) {
            Run r = run("-a", server.address(), "-n", "7");
            assertThat(r.rc()).isEqualTo(Rqbench.EXIT_FAILED);
            assertThat(r.result()).containsEntry("requests", "7").containsEntry("errors", "7");
            assertThat(r.out()).contains("HTTP 503: {\"error\":\"leader not found\"}");
        }
    }

    @Test
    void aFailedPreloadWarnsButTheRunGoesOn() throws Exception {
        try (StubServer server = new StubServer().respond(200, "{\"results\":[{\"error\":\"table foo already exists\"}]}")) {
            Run r = run("-a", server.address(), "-n", "2", "-o", "CREATE TABLE foo (id INTEGER)");
            assertThat(r.err()).contains("warning: preload statement failed", "table foo already exists");
            assertThat(r.result()).containsEntry("requests", "2");
        }
    }

    @Test
    void getSendsTheStatementAsQ() throws Exception {
        try (StubServer server = new StubServer()) {
            Run r = run("-a", server.address(), "-n", "3", "-m", "GET", "-p", "/db/query", "-qs", "level=none",
                    "SELECT * FROM foo WHERE name = 'a&b'");
            assertThat(r.rc()).isZero();
            assertThat(server.seen()).hasSize(3).allSatisfy(s -> {
                assertThat(s.method()).isEqualTo("GET");
                assertThat(s.uri().getPath()).isEqualTo("/db/query");
                assertThat(s.uri().getRawQuery()).startsWith("level=none&q=");
                assertThat(s.uri().getQuery()).endsWith("q=SELECT * FROM foo WHERE name = 'a&b'");
                assertThat(s.body()).isEmpty();
            });
        }
    }

    @Test
    void warmUpRequestsAreSentButNotCounted() throws Exception {
        try (StubServer server = new StubServer()) {
            Run r = run("-a", server.address(), "-n", "10", "-w", "5", "-c", "3", "-q");
            assertThat(r.result()).containsEntry("requests", "10");
            assertThat(server.requestCount()).isEqualTo(15);
            assertThat(server.seen().get(0).uri().getRawQuery()).isEqualTo("queue");
        }
    }

    @Test
    void theTimeLimitStopsTheRun() throws Exception {
        try (StubServer server = new StubServer().delay(50)) {
            long t0 = System.nanoTime();
            Run r = run("-a", server.address(), "-n", "100000", "-c", "2", "-t", "300ms");
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tookMillis).isLessThan(3_000);
            Map<String, String> kv = r.result();
            assertThat(kv).containsEntry("stopped_by", "time").containsEntry("errors", "0");
            assertThat(Long.parseLong(kv.get("requests"))).isBetween(2L, 30L);
            assertThat(r.out()).contains("stopped by the 300ms time limit");
        }
    }

    @Test
    void noServerIsAClearFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("-a", "127.0.0.1:" + port, "-n", "5");
        assertThat(r.rc()).isEqualTo(Rqbench.EXIT_FAILED);
        assertThat(r.err()).contains("rqbench: cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void helpAndUsageErrors() {
        Run help = run("-h");
        assertThat(help.rc()).isZero();
        assertThat(help.out()).startsWith("Usage: rqbench");
        Run bad = run("-n", "-1");
        assertThat(bad.rc()).isEqualTo(Rqbench.EXIT_USAGE);
        assertThat(bad.err()).contains("rqbench: -n must be between 0");
    }
}
