package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 pipelining: replies come back in the order the requests were sent, however long each takes. */
class PipeliningIT {

    @TempDir
    Path dir;

    @Test
    void aSlowWriteIsAnsweredBeforeAFastReadSentAfterIt() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            String slow = "[\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3000000)"
                    + " SELECT count(*) FROM c\"]";
            String requests = "POST /db/execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + slow.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + slow
                    + "GET /db/query?level=none&q=SELECT%202 HTTP/1.1\r\nHost: x\r\n\r\n";
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(node.httpAddress().split(":")[1])));
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(requests.getBytes(StandardCharsets.UTF_8));
                out.flush();
                String replies = readUntil(s.getInputStream(), "\"values\":[[2]]");
                int execute = replies.indexOf("{\"results\":[{}]}");
                int query = replies.indexOf("\"values\":[[2]]");
                assertThat(execute).as(replies).isNotNegative();
                assertThat(query).as(replies).isGreaterThan(execute);
            }
        }
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!got.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
