package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell against a real node, fed a script on stdin as a pipe would. */
class ShellIT {

    @TempDir
    static Path dir;
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dir.resolve("node"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String shell(String script) {
        return shell(node, script);
    }

    private static String shell(TestNode target, String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Shell.run(List.of("-p", String.valueOf(target.httpPort())), Map.of(),
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, false);
        assertThat(code).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesAndReadsInEveryMode() {
        // What a CREATE reports depends on earlier writes on the connection, so it is not part of the comparison.
        shell("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT)\n");
        String out = shell("""
                INSERT INTO pets(name) VALUES('fiona')
                INSERT INTO pets(name) VALUES('rex')
                SELECT * FROM pets ORDER BY id
                .mode csv
                SELECT * FROM pets ORDER BY id
                .mode json
                SELECT * FROM pets ORDER BY id
                .mode line
                SELECT * FROM pets ORDER BY id
                .mode column
                UPDATE pets SET name = name || '!'
                .changes on
                INSERT INTO pets(name) VALUES('tom')
                """);
        assertThat(out).isEqualTo("""
                1 row affected
                1 row affected
                +----+-------+
                | id | name  |
                +----+-------+
                | 1  | fiona |
                | 2  | rex   |
                +----+-------+
                id,name
                1,fiona
                2,rex
                {
                  "columns" : [ "id", "name" ],
                  "types" : [ "integer", "text" ],
                  "values" : [ [ 1, "fiona" ], [ 2, "rex" ] ]
                }
                  id = 1
                name = fiona

                  id = 2
                name = rex
                2 rows affected
                1 row affected
                last insert ID: 3
                """);
    }

    @Test
    void listsTablesAndSchemaAndReportsErrors() {
        shell("CREATE TABLE IF NOT EXISTS lists (x TEXT)\n");
        String out = shell("""
                .tables
                .schema
                SELECT * FROM no_such_table
                .forcewrites on
                INSERT INTO lists VALUES('a')
                .nosuch
                """);
        assertThat(out).contains("| lists |");
        assertThat(out).contains("| CREATE TABLE lists (x TEXT) |");
        assertThat(out).contains("Error: no such table: no_such_table\n");
        assertThat(out).contains("1 row affected\n");
        assertThat(out).containsPattern("(?m)^ERR! unknown command \\.nosuch");
    }

    @Test
    void timerAddsTimings() {
        shell("CREATE TABLE IF NOT EXISTS timed (x)\n");
        String out = shell(".timer on\nSELECT 1 AS one\nINSERT INTO timed VALUES(1)\n");
        assertThat(out).containsPattern("(?m)^Run Time: \\d+\\.\\d{6} seconds$");
        assertThat(out).containsPattern("(?m)^1 row affected \\(\\d+\\.\\d{6} sec\\)$");
    }

    @Test
    void reportsReadinessNodesAndLeader() {
        String out = shell(".ready\n.nodes\n.leader\n");
        assertThat(out).startsWith("ready\n");
        assertThat(out).contains("  api_addr: http://" + node.httpAddress() + "\n");
        assertThat(out).contains("leader: true\n");
        assertThat(out).containsPattern("(?m)^addr: " + node.raftAddress().replace(".", "\\.") + "$");
    }

    @Test
    void backupThenRestoreBringsTheDataBack() throws Exception {
        Path backup = dir.resolve("saved.db");
        Path dump = dir.resolve("saved.sql");
        assertThat(shell("CREATE TABLE kept (v TEXT)\nINSERT INTO kept VALUES('before')\n"
                + ".backup " + backup + "\n.dump " + dump + " kept\n"))
                .endsWith("backup file written successfully\nSQL text file written successfully\n");
        assertThat(SqliteFile.looksLikeSqlite(Files.readAllBytes(backup))).isTrue();
        assertThat(Files.readString(dump)).contains("INSERT INTO \"kept\" VALUES('before');");

        shell("DELETE FROM kept\n");
        assertThat(shell(".restore " + backup + "\n.mode csv\nSELECT v FROM kept\n"))
                .isEqualTo("Database restored successfully.\nv\nbefore\n");

        shell("DROP TABLE kept\n");
        assertThat(shell(".restore " + dump + "\n.mode csv\nSELECT v FROM kept\n"))
                .isEqualTo("Database restored successfully.\nv\nbefore\n");
    }

    @Test
    void readRunsAFileAndOutputRedirectsResults() throws Exception {
        Path script = dir.resolve("script.sql");
        Path results = dir.resolve("results.txt");
        shell("CREATE TABLE IF NOT EXISTS readme (n)\n");
        Files.writeString(script, "-- a comment\nINSERT INTO readme VALUES(7)\n\nINSERT INTO readme VALUES(8)\n");
        String out = shell(".read " + script + "\n.output " + results + "\n.mode csv\nSELECT n FROM readme ORDER BY n\n"
                + ".output stdout\n.quit\nSELECT 'not run'\n");
        assertThat(out).isEqualTo("1 row affected\n1 row affected\n");
        assertThat(Files.readString(results)).isEqualTo("n\n7\n8\n");
    }

    @Test
    void onATerminalItGreetsPromptsAndSaysGoodbye() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Shell.run(List.of("-p", String.valueOf(node.httpPort())), Map.of(),
                new ByteArrayInputStream(".ready\n".getBytes(StandardCharsets.UTF_8)), out, true);
        String prompt = node.httpAddress() + "> ";
        assertThat(bytes.toString(StandardCharsets.UTF_8)).matches("""
                Welcome to the rqlite CLI\\.
                Enter "\\.help" for usage hints\\.
                Connected to http://127\\.0\\.0\\.1:\\d+ running version v\\S+
                """ + java.util.regex.Pattern.quote(prompt + "ready\n" + prompt + "bye~\n"));
    }

    @Test
    void operationsAndDiagnostics() throws Exception {
        Path sysdump = dir.resolve("sysdump.txt");
        String out = shell(".snapshot\n.reap\n.status http\n.expvar store\n.sysdump " + sysdump + "\n.remove\n");
        assertThat(out).containsPattern("(?m)^snapshots reaped: \\d+, WALs checkpointed: \\d+$");
        assertThat(out).contains("bind_addr: " + node.httpAddress() + "\n");
        assertThat(out).containsPattern("(?m)^num_snapshots: [1-9]\\d*$");
        assertThat(out).contains("system dump written successfully\n");
        assertThat(out).endsWith("ERR! usage: .remove ID\n");
        String dump = Files.readString(sysdump);
        assertThat(dump).contains("=== http://" + node.httpAddress() + "/readyz ===\nHTTP 200\n");
        assertThat(dump).contains("/debug/vars ===\nHTTP 200\n");
    }

    @Test
    void theScriptRunsTheShellWithPipedInput() throws Exception {
        Path script = Path.of("scripts/rqlite").toAbsolutePath();
        Process p = new ProcessBuilder(script.toString(), "-p", String.valueOf(node.httpPort()))
                .redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(".ready\n.mode csv\nSELECT 40 + 2 AS answer\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(out).isEqualTo("ready\nanswer\n42\n");
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void helpIsSortedAndSettingsCanBeShownAndChanged() {
        String help = shell(".help\n");
        List<String> lines = help.lines().toList();
        assertThat(lines).allMatch(l -> l.startsWith(".")).isSorted().hasSizeGreaterThan(25);
        assertThat(shell(".mode\n.mode line\n.mode\n.mode table\n.consistency\n.consistency strong\n"
                + ".consistency\n.timer\n.timer on\n.timer\n.show\n.extensions\n")).isEqualTo("""
                output mode: column
                output mode: line
                ERR! mode must be one of column, csv, json, line
                weak
                strong
                timer: off
                timer: on
                   blobarray: off
                     changes: off
                 consistency: strong
                 forcewrites: off
                        mode: line
                      output: stdout
                       timer: on
                """);
    }

    @Test
    void onARealTerminalLinesAreEditedCompletedAndKeptInHistory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        assertThat(node.api().execute("[\"CREATE TABLE IF NOT EXISTS tabbed_pets (x)\"]").status()).isEqualTo(200);
        // script's terminal takes its size from ours, which is none under a build; JLine needs a width to draw.
        ProcessBuilder pb = new ProcessBuilder("script", "-qfc", "stty cols 200 rows 50; "
                + Path.of("scripts/rqlite").toAbsolutePath() + " -p " + node.httpPort(), "/dev/null")
                .redirectErrorStream(true);
        pb.environment().put("JRQLITE_JAVA_OPTS", "-Duser.home=" + home);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        try {
            StringBuilder screen = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (var in = p.getInputStream()) {
                    byte[] buf = new byte[4096];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (screen) {
                            screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.start();
            var keys = p.getOutputStream();
            java.util.function.Function<String, Boolean> seen = text -> {
                synchronized (screen) {
                    return screen.toString().contains(text);
                }
            };
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> seen.apply("running version"));
            keys.write("CREATE TABLE IF NOT EXISTS typed (x)\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> seen.apply("row affected"));
            keys.write(".tab\t\r".getBytes(StandardCharsets.UTF_8)); // Tab completes .tables
            keys.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> seen.apply("| typed"));
            // Tab completes a table that existed when the shell started; the query fails unless it did.
            keys.write("SELECT COUNT(*) AS tally FROM tabbed_p\t\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> seen.apply("| tally |") || seen.apply("no such table"));
            // ... and one created in this session (the CREATE made the shell fetch the names again).
            keys.write("SELECT COUNT(*) AS late FROM typ\t\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> seen.apply("| late |") || seen.apply("no such table"));
            // Lines go out as typed: a backslash is no escape (JLine's own parser dropped it), "!" expands nothing.
            keys.write("SELECT 'a\\b' AS s, 1 != 2 AS ne, 'hi!!' AS bang\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> seen.apply("| a\\b | 1  | hi!! |"));
            keys.write(".quit\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(seen.apply("bye~")).isTrue();
            String plain;
            synchronized (screen) {
                plain = screen.toString().replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
            }
            assertThat(plain).doesNotContain("no such table")
                    .contains("FROM tabbed_pets", "FROM typed", "| 0     |", "| 0    |");
            assertThat(Files.readString(home.resolve(".rqlite_history")))
                    .contains(":CREATE TABLE IF NOT EXISTS typed (x)", ":.tables", ":.quit",
                            ":SELECT COUNT(*) AS tally FROM tabbed_pets");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void blobArrayShowsBlobsAsBytesInsteadOfBase64() {
        shell("CREATE TABLE IF NOT EXISTS blobs (b BLOB)\nDELETE FROM blobs\nINSERT INTO blobs VALUES(x'DEADBEEF')\n");
        assertThat(shell("SELECT b FROM blobs\n.blobarray on\n.blobarray\nSELECT b FROM blobs\n"
                + ".blobarray off\nSELECT b FROM blobs\n")).isEqualTo("""
                +----------+
                | b        |
                +----------+
                | 3q2+7w== |
                +----------+
                blobarray: on
                +-------------------+
                | b                 |
                +-------------------+
                | [222,173,190,239] |
                +-------------------+
                +----------+
                | b        |
                +----------+
                | 3q2+7w== |
                +----------+
                """);
    }

    @Test
    void bootLoadsASqliteFileIntoANode() throws Exception {
        Path file = dir.resolve("boot.sqlite");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE booted (v TEXT)");
            c.createStatement().execute("INSERT INTO booted VALUES ('from the file')");
        }
        Path notSqlite = Files.writeString(dir.resolve("boot.txt"), "this is not a SQLite file, only some text");
        try (TestNode fresh = TestNode.start(dir.resolve("boot-node"))) {
            String out = shell(fresh, "CREATE TABLE gone (x)\n.boot " + file + "\n.mode csv\nSELECT v FROM booted\n"
                    + "SELECT * FROM gone\n.boot " + notSqlite + "\n.boot " + dir.resolve("missing.db") + "\n");
            assertThat(out).startsWith("0 row affected\nNode booted successfully.\nv\nfrom the file\n"
                    + "Error: no such table: gone\nERR! ");
            assertThat(out).endsWith("ERR! no such file: " + dir.resolve("missing.db") + "\n");
            assertThat(out.lines().filter(l -> l.startsWith("ERR! ")).count()).isEqualTo(2);
        }
    }

    @Test
    void stepdownMovesTheLeaderAndRemoveTakesANodeOut() {
        java.time.Duration wait = java.time.Duration.ofSeconds(30);
        try (io.jrqlite.testing.TestCluster cluster = new io.jrqlite.testing.TestCluster(dir.resolve("three"))) {
            List<TestNode> c = cluster.startThree();
            TestNode n1 = c.get(0);
            TestNode n2 = c.get(1);
            assertThat(shell(n1, ".leader\n")).contains("id: n1\n");

            assertThat(shell(n1, ".stepdown\n")).isEmpty();
            org.awaitility.Awaitility.await().atMost(wait).until(() -> {
                String leader = n1.api().get("/leader").body();
                return leader.contains("\"id\":\"n2\"") || leader.contains("\"id\":\"n3\"");
            });
            // From n1, now a follower, the request goes to the leader, which hands over to n1 as asked.
            assertThat(shell(n1, ".stepdown n1\n")).isEmpty();
            org.awaitility.Awaitility.await().atMost(wait)
                    .until(() -> n2.api().get("/leader").body().contains("\"id\":\"n1\""));
            assertThat(shell(n2, ".leader\n")).contains("id: n1\n");
            assertThat(shell(n1, ".stepdown nobody\n")).startsWith("ERR! ").contains("not found");

            assertThat(shell(n2, ".remove n3\n")).isEmpty();
            org.awaitility.Awaitility.await().atMost(wait)
                    .until(() -> !n1.api().get("/nodes").body().contains("\"n3\""));
            String nodes = shell(n1, ".nodes\n");
            assertThat(nodes).containsPattern("(?m)^n1:$").containsPattern("(?m)^n2:$")
                    .doesNotContainPattern("(?m)^n3:$");
        }
    }
}
