package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's {@code -u user:password} against a node with {@code -auth}. */
class ShellAuthIT {

    @TempDir
    Path dir;

    private static String shell(TestNode node, String script, String... options) {
        List<String> args = new ArrayList<>(List.of("-p", String.valueOf(node.httpPort())));
        args.addAll(List.of(options));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Shell.run(args, Map.of(), new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void userOptionSendsBasicCredentials() throws Exception {
        Path users = Files.writeString(dir.resolve("users.json"), "[{\"username\":\"*\",\"perms\":[\"ready\"]},"
                + "{\"username\":\"ann\",\"password\":\"pw\",\"perms\":[\"query\",\"execute\"]}]");
        try (TestNode node = TestNode.start(dir.resolve("node"), "-auth", users.toString())) {
            assertThat(shell(node, ".mode csv\nSELECT 40 + 2 AS n\n", "-u", "ann:pw")).isEqualTo("n\n42\n");
            // Refused (401, empty body): an error line and no result.
            assertThat(shell(node, "SELECT 40 + 2\n")).startsWith("ERR! server responded with 401 Unauthorized: ")
                    .doesNotContain("42");
            assertThat(shell(node, "SELECT 40 + 2\n", "-u", "ann:wrong")).startsWith("ERR!").doesNotContain("42");
        }
    }
}
