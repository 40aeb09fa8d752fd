package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.TestCerts;
import io.jrqlite.testing.TestCerts.Ca;
import io.jrqlite.testing.TestCerts.Issued;
import io.jrqlite.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell against a node serving HTTPS, trusting the node through {@code -c}. */
class ShellHttpsIT {

    @TempDir
    Path dir;

    @Test
    void connectsWithTheCaCertificate() throws Exception {
        Ca ca = Ca.create("test-ca");
        Issued server = ca.server("node");
        Path cert = TestCerts.writeCerts(dir.resolve("server.crt"), server.chain());
        Path key = TestCerts.writePkcs1(dir.resolve("server.key"), server.key());
        Path caFile = TestCerts.writeCerts(dir.resolve("ca.crt"), ca.cert());
        try (TestNode n = TestNode.start(dir.resolve("n"), "-http-cert", cert.toString(), "-http-key",
                key.toString())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = Shell.run(List.of("-s", "https", "-H", "127.0.0.1", "-p", String.valueOf(n.httpPort()),
                            "-c", caFile.toString()), Map.of(),
                    new ByteArrayInputStream("SELECT 40 + 2\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(code).as(out).isZero();
            assertThat(out).contains("| 42 ");
        }
    }
}
