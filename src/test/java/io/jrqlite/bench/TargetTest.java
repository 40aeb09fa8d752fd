package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void acceptsLoopbackSpellings() throws Exception {
        Target t = Target.resolve("127.0.0.1:4005", false);
        assertThat(t.port()).isEqualTo(4005);
        assertThat(t.hostHeader()).isEqualTo("127.0.0.1:4005");
        assertThat(Target.resolve("127.1.2.3", false).port()).isEqualTo(4001);
        assertThat(Target.resolve("[::1]:4002", false).hostHeader()).isEqualTo("[::1]:4002");
        assertThat(Target.resolve("http://localhost:4001/", false).host()).isEqualTo("localhost");
    }

    @Test
    void refusesNonLoopbackTargets() {
        assertThatThrownBy(() -> Target.resolve("10.1.2.3:4001", false))
                .isInstanceOf(BenchConfig.UsageException.class)
                .hasMessageContaining("refusing to load non-loopback target 10.1.2.3:4001")
                .hasMessageContaining("-allow-remote");
        assertThatThrownBy(() -> Target.resolve("[2001:db8::1]:4001", false))
                .hasMessageContaining("non-loopback");
    }

    @Test
    void allowRemoteLiftsTheRefusal() throws Exception {
        assertThat(Target.resolve("10.1.2.3:4001", true).port()).isEqualTo(4001);
    }

    @Test
    void rejectsMalformedAddresses() {
        assertThatThrownBy(() -> Target.resolve("127.0.0.1:http", false)).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Target.resolve("127.0.0.1:70000", false)).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Target.resolve(":4001", false)).hasMessageContaining("no host");
        assertThatThrownBy(() -> Target.resolve("ftp://127.0.0.1:4001", false))
                .hasMessageContaining("unsupported scheme").hasMessageContaining("https://");
    }

    @Test
    void remembersTheScheme() throws Exception {
        Target tls = Target.resolve("https://127.0.0.1:4005/", false);
        assertThat(tls.https()).isTrue();
        assertThat(tls.port()).isEqualTo(4005);
        assertThat(tls.hostHeader()).isEqualTo("127.0.0.1:4005");
        assertThat(tls.url("/status")).isEqualTo("https://127.0.0.1:4005/status");
        assertThat(Target.resolve("https://[::1]", false).url("/readyz")).isEqualTo("https://[::1]:4001/readyz");
        assertThat(Target.resolve("http://127.0.0.1:4005", false).https()).isFalse();
        assertThat(Target.resolve("127.0.0.1:4005", false).url("/status")).isEqualTo("http://127.0.0.1:4005/status");
    }

    @Test
    void httpsTargetsAreLoopbackOnlyToo() throws Exception {
        assertThatThrownBy(() -> Target.resolve("https://10.1.2.3:4001", false))
                .isInstanceOf(BenchConfig.UsageException.class)
                .hasMessageContaining("refusing to load non-loopback target https://10.1.2.3:4001");
        assertThat(Target.resolve("https://10.1.2.3:4001", true).https()).isTrue();
    }

    @Test
    void theToolExitsWithAUsageErrorForARemoteTarget() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Rqbench.run(new String[] {"-a", "192.0.2.7:4001"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(Rqbench.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to load non-loopback target 192.0.2.7:4001");
    }
}
