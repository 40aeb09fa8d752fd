package io.jrqlite.shell;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dot-commands: session settings, schema listings, cluster operations, backups and loads. */
final class DotCommands {

    /** What the loop does after a command. */
    enum Next { CONTINUE, QUIT }

    static final List<String> HELP = List.of(
            ".backup FILE                   save a SQLite copy of the database in FILE",
            ".blobarray on|off              show BLOB values as arrays of bytes",
            ".boot FILE                     load a SQLite file straight into a single node",
            ".changes on|off                print the last insert ID after each write",
            ".consistency [LEVEL]           read level for .tables/.schema/.indexes: none, weak, linearizable, strong",
            ".dump FILE [T1,T2]             save the database, or the named tables, as SQL text in FILE",
            ".exit                          leave the shell",
            ".expvar [KEY]                  the node's expvar counters, or one section of them",
            ".extensions                    the SQLite extensions the node has loaded",
            ".forcewrites on|off            send every statement to the write endpoint",
            ".help                          this text",
            ".indexes                       the SQL of every index",
            ".leader                        the cluster's leader",
            ".mode [column|csv|json|line]   how query results are laid out",
            ".nodes [all]                   the cluster's voters (all: read-only nodes too)",
            ".output FILE|stdout            where query results are written",
            ".quit                          leave the shell",
            ".read FILE                     run the statements in FILE, one per line",
            ".ready                         whether the node is ready for requests",
            ".reap                          remove unneeded snapshots and checkpoint WAL files",
            ".remove ID                     take node ID out of the cluster",
            ".restore FILE                  replace the database with FILE (SQLite file or SQL text)",
            ".schema                        the SQL that created every table, index and view",
            ".show                          every setting of this session",
            ".snapshot [N]                  make the node snapshot now, keeping N log entries",
            ".status [KEY]                  the node's status, or one section of it",
            ".stepdown [ID]                 make the leader stand down (for node ID, if given)",
            ".sysdump FILE                  save every node's status, nodes, readiness and expvar in FILE",
            ".tables                        the names of the tables",
            ".timer on|off                  print how long each statement took");

    private final Session s;

    DotCommands(Session session) {
        this.s = session;
    }

    Next run(String line) throws IOException {
        String[] words = line.trim().split("\\s+");
        String cmd = words[0].toLowerCase(Locale.ROOT);
        List<String> args = Arrays.asList(words).subList(1, words.length);
        String arg = args.isEmpty() ? null : args.get(0);
        switch (cmd) {
            case ".exit", ".quit", "exit", "quit" -> {
                return Next.QUIT;
            }
            case ".help" -> HELP.forEach(s.console::println);
            case ".tables" -> s.runQuery("SELECT name FROM sqlite_master WHERE type=\"table\" ORDER BY name ASC");
            case ".schema" -> s.runQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid ASC");
            case ".indexes" -> s.runQuery("SELECT sql FROM sqlite_master WHERE type=\"index\"");
            case ".mode" -> mode(arg);
            case ".consistency" -> consistency(arg);
            case ".timer" -> s.settings.timer = toggle("timer", arg, s.settings.timer);
            case ".changes" -> s.settings.changes = toggle("changes", arg, s.settings.changes);
            case ".blobarray" -> s.settings.blobArray = toggle("blobarray", arg, s.settings.blobArray);
            case ".forcewrites" -> s.settings.forceWrites = toggle("forcewrites", arg, s.settings.forceWrites);
            case ".show" -> show();
            case ".output" -> {
                if (needs(arg, ".output FILE|stdout")) {
                    s.redirect(arg);
                }
            }
            case ".read" -> {
                if (needs(arg, ".read FILE")) {
                    return read(Path.of(arg));
                }
            }
            case ".status" -> keyValues("status", arg);
            case ".expvar" -> keyValues("debug/vars", arg);
            case ".nodes" -> nodes("all".equals(arg));
            case ".leader" -> leader();
            case ".ready" -> ready();
            case ".extensions" -> extensions();
            case ".remove" -> {
                if (needs(arg, ".remove ID")) {
                    expectOk(s.client.delete("remove", "application/json", idBody(arg)));
                }
            }
            case ".snapshot" -> expectOk(s.client.post("snapshot" + (arg == null ? "" : "?trailing_logs="
                    + URLEncoder.encode(arg, StandardCharsets.UTF_8)), null, null));
            case ".reap" -> reap();
            case ".sysdump" -> {
                if (needs(arg, ".sysdump FILE")) {
                    sysdump(Path.of(arg));
                }
            }
            case ".stepdown" -> expectOk(s.client.post("leader?wait=true", arg == null ? null : "application/json",
                    arg == null ? null : idBody(arg)));
            case ".backup" -> {
                if (needs(arg, ".backup FILE")) {
                    download("db/backup", Path.of(arg), "backup file written successfully");
                }
            }
            case ".dump" -> {
                if (needs(arg, ".dump FILE [TABLE,...]")) {
                    String tables = args.size() > 1
                            ? "&tables=" + URLEncoder.encode(args.get(1), StandardCharsets.UTF_8) : "";
                    download("db/backup?fmt=sql" + tables, Path.of(arg), "SQL text file written successfully");
                }
            }
            case ".restore" -> {
                if (needs(arg, ".restore FILE")) {
                    restore(Path.of(arg));
                    s.tables.invalidate();
                }
            }
            case ".boot" -> {
                if (needs(arg, ".boot FILE")) {
                    NodeClient.Reply r = s.client.post("boot", "application/octet-stream",
                            Files.readAllBytes(Path.of(arg)));
                    if (expectOk(r)) {
                        s.tables.invalidate();
                        s.console.println("Node booted successfully.");
                    }
                }
            }
            default -> s.error("unknown command " + words[0] + ", enter \".help\" for the list");
        }
        return Next.CONTINUE;
    }

    private boolean needs(String arg, String usage) {
        if (arg == null) {
            s.error("usage: " + usage);
            return false;
        }
        return true;
    }

    private static byte[] idBody(String id) {
        return Json.write(Map.of("id", id), false).getBytes(StandardCharsets.UTF_8);
    }

    private boolean expectOk(NodeClient.Reply r) {
        if (!r.ok()) {
            String body = r.text().strip();
            s.error(body.isEmpty() ? "HTTP status " + r.status() : body);
            return false;
        }
        return true;
    }

    private void mode(String arg) {
        if (arg == null) {
            s.console.println("output mode: " + s.settings.mode.label());
            return;
        }
        ResultFormat f = ResultFormat.of(arg);
        if (f == null) {
            s.error("mode must be one of column, csv, json, line");
        } else {
            s.settings.mode = f;
        }
    }

    private void consistency(String arg) {
        if (arg == null) {
            s.console.println(s.settings.consistency);
            return;
        }
        String level = arg.toLowerCase(Locale.ROOT);
        if (List.of("none", "weak", "linearizable", "strong").contains(level)) {
            s.settings.consistency = level;
        } else {
            s.error("consistency must be one of none, weak, linearizable, strong");
        }
    }

    private boolean toggle(String name, String arg, boolean current) {
        if (arg == null) {
            s.console.println(name + ": " + (current ? "on" : "off"));
            return current;
        }
        switch (arg.toLowerCase(Locale.ROOT)) {
            case "on" -> {
                return true;
            }
            case "off" -> {
                return false;
            }
            default -> {
                s.error("." + name + " takes on or off");
                return current;
            }
        }
    }

    private void show() {
        Settings t = s.settings;
        s.console.println("   blobarray: " + (t.blobArray ? "on" : "off"));
        s.console.println("     changes: " + (t.changes ? "on" : "off"));
        s.console.println(" consistency: " + t.consistency);
        s.console.println(" forcewrites: " + (t.forceWrites ? "on" : "off"));
        s.console.println("        mode: " + t.mode.label());
        s.console.println("      output: " + t.output);
        s.console.println("       timer: " + (t.timer ? "on" : "off"));
    }

    private Next read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            s.error("cannot read " + file);
            return Next.CONTINUE;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            if (t.startsWith(".")) {
                if (run(t) == Next.QUIT) {
                    return Next.QUIT;
                }
            } else {
                s.runStatement(t);
            }
        }
        return Next.CONTINUE;
    }

    private Object getJson(String path) throws IOException {
        NodeClient.Reply r = s.client.get(path);
        return expectOk(r) ? Json.parse(r.text()) : null;
    }

    private void keyValues(String path, String key) throws IOException {
        if (getJson(path) instanceof Map<?, ?> m) {
            if (key == null) {
                s.results().print(KeyValues.format(m));
            } else if (m.get(key) instanceof Map<?, ?> section) {
                s.results().print(KeyValues.format(section));
            } else if (m.containsKey(key)) {
                s.results().println(key + ": " + Json.cell(m.get(key)));
            } else {
                s.error("no such key: " + key);
            }
        }
    }

    private void nodes(boolean all) throws IOException {
        if (getJson(all ? "nodes?nonvoters" : "nodes") instanceof Map<?, ?> m) {
            s.results().print(KeyValues.format(m));
        }
    }

    private void leader() throws IOException {
        if (getJson("nodes") instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (v instanceof Map<?, ?> node && Boolean.TRUE.equals(node.get("leader"))) {
                    s.results().print(KeyValues.format(node));
                    return;
                }
            }
            s.error("no leader");
        }
    }

    private void ready() throws IOException {
        NodeClient.Reply r = s.client.get("readyz");
        s.results().println(r.status() == 200 ? "ready" : "not ready");
    }

    private void extensions() throws IOException {
        NodeClient.Reply r = s.client.get("status?key=extensions");
        if (expectOk(r) && Json.parse(r.text()) instanceof Map<?, ?> m && m.get("names") instanceof List<?> names) {
            names.forEach(n -> s.results().println(n));
        }
    }

    private void reap() throws IOException {
        NodeClient.Reply r = s.client.post("reap", null, null);
        if (expectOk(r) && Json.parse(r.text()) instanceof Map<?, ?> m) {
            s.results().println("snapshots reaped: " + Json.cell(m.get("snapshots_reaped"))
                    + ", WALs checkpointed: " + Json.cell(m.get("wals_checkpointed")));
        }
    }

    /** Diagnostics for a bug report: four answers from each node the connected one knows of. */
    private void sysdump(Path file) throws IOException {
        List<String> apis = new java.util.ArrayList<>();
        if (getJson("nodes?nonvoters") instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (v instanceof Map<?, ?> node && node.get("api_addr") instanceof String api && !api.isEmpty()) {
                    apis.add(api.endsWith("/") ? api : api + "/");
                }
            }
        }
        if (apis.isEmpty()) {
            apis.add(s.client.baseUrl());
        }
        StringBuilder dump = new StringBuilder();
        for (String api : apis) {
            for (String path : List.of("status?pretty", "nodes?pretty", "readyz", "debug/vars")) {
                dump.append("=== ").append(api).append(path).append(" ===\n");
                try {
                    NodeClient.Reply r = s.client.getUrl(api + path);
                    dump.append("HTTP ").append(r.status()).append('\n').append(r.text().strip()).append("\n\n");
                } catch (IOException e) {
                    dump.append("failed: ").append(e.getMessage()).append("\n\n");
                }
            }
        }
        Files.writeString(file, dump.toString(), StandardCharsets.UTF_8);
        s.console.println("system dump written successfully");
    }

    private void download(String path, Path file, String done) throws IOException {
        NodeClient.Reply r = s.client.get(path);
        if (expectOk(r)) {
            Files.write(file, r.body());
            s.console.println(done);
        }
    }

    private void restore(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        boolean sqlite = SqliteFile.looksLikeSqlite(data);
        byte[] body = data;
        if (!sqlite) {
            body = (new String(data, StandardCharsets.UTF_8) + "\nPRAGMA foreign_keys=OFF;\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        NodeClient.Reply r = s.client.post("db/load", sqlite ? "application/octet-stream" : "text/plain", body);
        if (!expectOk(r)) {
            return;
        }
        if (!sqlite && Json.parse(r.text()) instanceof Map<?, ?> m && m.get("results") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> res) {
                    if (res.get("error") != null) {
                        s.results().println("Error: " + Json.cell(res.get("error")));
                        return;
                    }
                }
            }
        }
        s.console.println("Database restored successfully.");
    }
}
