package io.jrqlite.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code /debug/pprof/*}: Go's profiler endpoints. A JVM has no Go profiles (use JFR or jcmd); the index and
 * {@code cmdline} answer as Go's do, so tools that probe them work, and every profile name is unknown.
 */
final class PprofEndpoint implements Endpoint {

    private final NodeInfo node;

    PprofEndpoint(NodeInfo node) {
        this.node = node;
    }

    @Override
    public void handle(Exchange ex) {
        String name = ex.path().substring("/debug/pprof".length());
        switch (name) {
            case "", "/" -> ex.send(HttpResponseStatus.OK, Exchange.TEXT,
                    "/debug/pprof/\n\ncmdline: the running program's command line\n".getBytes(StandardCharsets.UTF_8));
            case "/cmdline" -> ex.send(HttpResponseStatus.OK, Exchange.TEXT,
                    String.join("\0", node.cmdline()).getBytes(StandardCharsets.UTF_8));
            default -> ex.sendError(HttpResponseStatus.NOT_FOUND, "Unknown profile");
        }
    }
}
