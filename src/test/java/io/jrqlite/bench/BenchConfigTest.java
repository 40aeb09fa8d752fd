package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    @Test
    void defaultsMatchRqbench() throws Exception {
        BenchConfig c = BenchConfig.parse();
        assertThat(c.address()).isEqualTo("localhost:4001");
        assertThat(c.path()).isEqualTo("/db/execute");
        assertThat(c.requests()).isEqualTo(100);
        assertThat(c.batch()).isEqualTo(1);
        assertThat(c.concurrency()).isEqualTo(1);
        assertThat(c.transaction()).isFalse();
        assertThat(c.queue()).isFalse();
        assertThat(c.preload()).isEmpty();
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.timeLimit()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.queryString()).isEmpty();
        assertThat(c.warmup()).isZero();
        assertThat(c.allowRemote()).isFalse();
        assertThat(c.newConnection()).isFalse();
        assertThat(c.caCert()).isEmpty();
        assertThat(c.statement()).isEqualTo("INSERT INTO foo(name) VALUES(\"fiona\")");
    }

    @Test
    void parsesEveryFlagInGoStyles() throws Exception {
        BenchConfig c = BenchConfig.parse("-a", "127.0.0.1:4005", "-p=/db/query", "--n", "500", "-b", "10",
                "-c=16", "-x", "-q=true", "-o", "CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)",
                "-m", "post", "-t", "1m30s", "-qs", "?level=none", "-w", "20", "-allow-remote",
                "-new-conn", "--ca-cert=/tmp/ca.pem", "SELECT 1");
        assertThat(c.address()).isEqualTo("127.0.0.1:4005");
        assertThat(c.path()).isEqualTo("/db/query");
        assertThat(c.requests()).isEqualTo(500);
        assertThat(c.batch()).isEqualTo(10);
        assertThat(c.concurrency()).isEqualTo(16);
        assertThat(c.transaction()).isTrue();
        assertThat(c.queue()).isTrue();
        assertThat(c.preload()).startsWith("CREATE TABLE foo");
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.timeLimit()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.queryString()).isEqualTo("level=none");
        assertThat(c.warmup()).isEqualTo(20);
        assertThat(c.allowRemote()).isTrue();
        assertThat(c.newConnection()).isTrue();
        assertThat(c.caCert()).isEqualTo("/tmp/ca.pem");
        assertThat(c.statement()).isEqualTo("SELECT 1");
    }

    @Test
    void newConnAsksTheServerToCloseAfterEachRequest() throws Exception {
        Target t = Target.resolve("https://127.0.0.1:4001", false);
        String once = new String(BenchRequest.forRun(BenchConfig.parse("-new-conn=true"), t).bytes(),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(once).contains("\r\nConnection: close\r\n", "\r\nHost: 127.0.0.1:4001\r\n");
        String kept = new String(BenchRequest.forRun(BenchConfig.parse("-new-conn=false"), t).bytes(),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(kept).doesNotContain("Connection:");
        assertThatThrownBy(() -> BenchConfig.parse("-ca-cert")).hasMessageContaining("flag needs an argument");
    }

    @Test
    void booleanFlagsTakeOnlyAttachedValues() throws Exception {
        BenchConfig c = BenchConfig.parse("-x=false", "-q", "SELECT 1");
        assertThat(c.transaction()).isFalse();
        assertThat(c.queue()).isTrue();
        assertThat(c.statement()).isEqualTo("SELECT 1");
        assertThatThrownBy(() -> BenchConfig.parse("-x=yes")).hasMessageContaining("invalid boolean");
    }

    @Test
    void doubleDashEndsFlagsSoAStatementMayStartWithADash() throws Exception {
        assertThat(BenchConfig.parse("-n", "3", "--", "-x").statement()).isEqualTo("-x");
    }

    @Test
    void rejectsBadCommandLines() {
        assertThatThrownBy(() -> BenchConfig.parse("-z")).hasMessageContaining("not defined: -z");
        assertThatThrownBy(() -> BenchConfig.parse("-n")).hasMessageContaining("needs an argument: -n");
        assertThatThrownBy(() -> BenchConfig.parse("-n", "ten")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> BenchConfig.parse("-c", "0")).hasMessageContaining("-c must be between 1");
        assertThatThrownBy(() -> BenchConfig.parse("-b", "0")).hasMessageContaining("-b must be between 1");
        assertThatThrownBy(() -> BenchConfig.parse("-t", "0")).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> BenchConfig.parse("-t", "10")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> BenchConfig.parse("-m", "PUT")).hasMessageContaining("GET or POST");
        assertThatThrownBy(() -> BenchConfig.parse("-m", "GET", "-b", "2")).hasMessageContaining("one statement");
        assertThatThrownBy(() -> BenchConfig.parse("-p", "db/execute")).hasMessageContaining("start with /");
        assertThatThrownBy(() -> BenchConfig.parse("INSERT", "INTO", "foo")).hasMessageContaining("quote the statement");
        assertThatThrownBy(() -> BenchConfig.parse("SELECT 1", "-n", "5")).hasMessageContaining("flags before");
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> BenchConfig.parse("-h")).isInstanceOf(BenchConfig.HelpRequested.class);
        assertThatThrownBy(() -> BenchConfig.parse("--help")).isInstanceOf(BenchConfig.HelpRequested.class);
        assertThat(BenchConfig.usage()).contains("-a value", "(default localhost:4001)", "-allow-remote", "-qs value",
                "-new-conn\n", "handshakes/s", "-ca-cert value", "https://host:port");
    }

    @Test
    void zeroRequestsMeansRunForTheTimeLimit() throws Exception {
        assertThat(BenchConfig.parse("-n", "0", "-t", "5s").requests()).isZero();
    }
}
