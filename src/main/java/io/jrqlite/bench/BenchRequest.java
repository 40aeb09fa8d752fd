package io.jrqlite.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request, rendered to bytes once: every request of a run is identical, so workers send the same
 * array and the hot loop allocates nothing for it.
 */
record BenchRequest(String pathAndQuery, byte[] bytes) {

    static final String USER_AGENT = "jrqlite-rqbench";
    static final String EXECUTE_PATH = "/db/execute";

    /** The request a run repeats: {@code -b} copies of the statement, as a JSON array body or as {@code q=}. */
    static BenchRequest forRun(BenchConfig cfg, Target target) {
        List<String> params = new ArrayList<>();
        if (cfg.transaction()) {
            params.add("transaction");
        }
        if (cfg.queue()) {
            params.add("queue");
        }
        if (!cfg.queryString().isEmpty()) {
            params.add(cfg.queryString());
        }
        if (cfg.method().equals("GET")) {
            // %20 rather than '+' for spaces: unambiguous to any query decoder, form-style or not.
            params.add("q=" + URLEncoder.encode(cfg.statement(), StandardCharsets.UTF_8).replace("+", "%20"));
            return render("GET", withQuery(cfg.path(), params), target, null, cfg.newConnection());
        }
        return render("POST", withQuery(cfg.path(), params), target, jsonArray(cfg.statement(), cfg.batch()),
                cfg.newConnection());
    }

    /** The one-off request for {@code -o}: always a POST to /db/execute. */
    static BenchRequest preload(String statement, Target target) {
        return render("POST", EXECUTE_PATH, target, jsonArray(statement, 1), false);
    }

    private static String withQuery(String path, List<String> params) {
        if (params.isEmpty()) {
            return path;
        }
        return path + (path.contains("?") ? "&" : "?") + String.join("&", params);
    }

    /** @param close tell the server this connection carries one request (-new-conn): it closes after answering */
    private static BenchRequest render(String method, String pathAndQuery, Target target, String body,
            boolean close) {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return new BenchRequest(pathAndQuery, all);
    }

    static String jsonArray(String statement, int copies) {
        String quoted = jsonString(statement);
        StringBuilder sb = new StringBuilder(copies * (quoted.length() + 1) + 2).append('[');
        for (int i = 0; i < copies; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quoted);
        }
        return sb.append(']').toString();
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
