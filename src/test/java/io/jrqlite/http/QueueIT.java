package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queued writes, {@code /db/execute?queue}, on one node. */
class QueueIT {

    private static final Pattern QUEUED = Pattern.compile("\\{\"results\":\\[],\"sequence_number\":(\\d+)}");

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();


    private static long queued(String params, String json) {
        Reply r = api.post("/db/execute?queue" + (params.isEmpty() ? "" : "&" + params), json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Matcher m = QUEUED.matcher(r.body());
        assertThat(m.matches()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String count(String table) {
        Reply r = api.query("SELECT COUNT(*) FROM " + table, "");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private static String countIs(long n) {
        return "{\"results\":[{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],\"values\":[[" + n + "]]}]}";
    }

    @Test
    void sequenceNumbersIncreaseAndWaitSeesTheData() {
        long first = queued("wait", "[\"CREATE TABLE qu1 (id INTEGER PRIMARY KEY, v TEXT)\"]");
        long second = queued("", "[\"INSERT INTO qu1(v) VALUES('a')\"]");
        long third = queued("wait", "[[\"INSERT INTO qu1(v) VALUES(?)\", \"b\"]]");
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(count("qu1")).isEqualTo(countIs(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(
                api.get("/status?key=http.queue._default.sequence_number").body()) >= third);
    }

    @Test
    void emptyListIsRefusedWithoutWaitAndABarrierWithIt() {
        Reply r = api.post("/db/execute?queue", "[]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("no statements\n");
        queued("wait", "[]");
    }

    @Test
    void invalidJsonIsAcceptedAndQueuesNothing() {
        queued("wait", "[\"CREATE TABLE qu2 (id INTEGER PRIMARY KEY)\"]");
        Reply r = api.post("/db/execute?queue", "{not json");
        assertThat(r.status()).isEqualTo(200);
        // text/plain is not honoured on the queue path either
        assertThat(api.post("/db/execute?queue", "text/plain",
                "INSERT INTO qu2(id) VALUES(1)".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        queued("wait", "[]");
        assertThat(count("qu2")).isEqualTo(countIs(0));
    }

    @Test
    void manyQueuedWritesAllArrive() {
        queued("wait", "[\"CREATE TABLE qu3 (id INTEGER PRIMARY KEY)\"]");
        long last = 0;
        for (int i = 1; i <= 300; i++) {
            long seq = queued("", "[\"INSERT INTO qu3(id) VALUES(" + i + ")\"]");
            assertThat(seq).isGreaterThan(last);
            last = seq;
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("qu3").equals(countIs(300)));
        long lastSeq = last;
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(
                api.get("/status?key=http.queue._default.sequence_number").body()) >= lastSeq);
    }

    @Test
    void queuedStatementsAreRewrittenEvenWithNoparseAndTimingsAddTime() {
        queued("wait", "[\"CREATE TABLE qrw (v INTEGER)\"]");
        queued("wait&noparse", "[\"INSERT INTO qrw VALUES(random())\"]");
        Reply r = api.query("SELECT v >= 0 FROM qrw", "");
        assertThat(r.body()).contains("\"values\":[[1]]");
        Reply timed = api.post("/db/execute?queue&timings", "[\"INSERT INTO qrw VALUES(1)\"]");
        assertThat(timed.body()).matches("\\{\"results\":\\[],\"time\":[0-9.e-]+,\"sequence_number\":\\d+}");
    }

    @Test
    void aDisallowedPragmaIsRefusedAndDoesNotBlockTheQueue() {
        Reply r = api.post("/db/execute?queue", "[\"PRAGMA wal_checkpoint\"]");
        assertThat(r.body()).isEqualTo("{\"results\":[],\"error\":\"disallowed pragma\"}");
        queued("wait", "[\"CREATE TABLE qp (v INTEGER)\"]");
        assertThat(count("qp")).isEqualTo(countIs(0));
    }

    @Test
    void prettyQueuedReply() {
        Reply r = api.post("/db/execute?queue&pretty", "[\"SELECT 1\"]");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).matches("\\{\n    \"results\": \\[],\n    \"sequence_number\": \\d+\n}");
    }
}
