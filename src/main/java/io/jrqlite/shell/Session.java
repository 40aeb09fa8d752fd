package io.jrqlite.shell;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One connected shell: sends SQL to the node and prints what comes back in the chosen mode. */
final class Session {

    final NodeClient client;
    final Settings settings = new Settings();
    final PrintStream console;
    /** For Tab on a terminal; nothing is fetched unless asked for. */
    final TableNames tables;
    private PrintStream results;

    Session(NodeClient client, PrintStream console) {
        this.client = client;
        this.console = console;
        this.results = console;
        this.tables = TableNames.of(client, settings);
    }

    /** Where query output goes: the console, or the file named by {@code .output}. */
    PrintStream results() {
        return results;
    }

    void redirect(String target) throws IOException {
        if (results != console) {
            results.close();
        }
        if ("stdout".equals(target)) {
            results = console;
        } else {
            results = new PrintStream(new FileOutputStream(target), true, StandardCharsets.UTF_8);
        }
        settings.output = target;
    }

    void error(String message) {
        console.println("ERR! " + message);
    }

    /** Sends one SQL statement as typed. */
    void runStatement(String sql) throws IOException {
        StringBuilder query = new StringBuilder(settings.forceWrites ? "db/execute?" : "db/request?");
        query.append("level=").append(settings.consistency);
        if (settings.timer) {
            query.append("&timings");
        }
        if (settings.blobArray) {
            query.append("&blob_array");
        }
        String body = Json.write(List.of(sql), false);
        if (TableNames.mayChangeSchema(sql)) {
            tables.invalidate(); // the next Tab fetches the names again
        }
        NodeClient.Reply r = client.post(query.toString(), "application/json", body.getBytes(StandardCharsets.UTF_8));
        printResults(r);
    }

    /** Runs a read with the session's consistency level and prints it in the current mode. */
    void runQuery(String sql) throws IOException {
        NodeClient.Reply r = client.get("db/query?level=" + settings.consistency + "&q="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        printResults(r);
    }

    private void printResults(NodeClient.Reply r) {
        if (!r.ok()) {
            error("server responded with " + statusLine(r.status()) + ": " + r.text().strip());
            return;
        }
        if (!(Json.parse(r.text()) instanceof Map<?, ?> answer)) {
            error("unexpected answer: " + r.text().strip());
            return;
        }
        if (answer.get("error") != null) {
            error(Json.cell(answer.get("error")));
            return;
        }
        if (!(answer.get("results") instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> result) {
                printResult(castMap(result));
            }
        }
    }

    /** A status as Go's client names it ({@code 401 Unauthorized}), which rqlite's shell prints. */
    static String statusLine(int status) {
        String text = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
        return text.isEmpty() ? String.valueOf(status) : status + " " + text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private void printResult(Map<String, Object> result) {
        if (result.get("error") != null) {
            results.println("Error: " + Json.cell(result.get("error")));
            return;
        }
        String time = settings.timer && result.get("time") instanceof Number t
                ? String.format(java.util.Locale.ROOT, " (%f sec)", t.doubleValue()) : "";
        if (result.containsKey("columns")) {
            results.print(settings.mode.format(result));
            if (settings.timer && result.get("time") instanceof Number t) {
                results.printf(java.util.Locale.ROOT, "Run Time: %f seconds%n", t.doubleValue());
            }
            return;
        }
        long affected = result.get("rows_affected") instanceof Number n ? n.longValue() : 0;
        results.println(affected + (affected > 1 ? " rows" : " row") + " affected" + time);
        if (settings.changes && result.get("last_insert_id") instanceof Number id) {
            results.println("last insert ID: " + id);
        }
    }
}
