package io.jrqlite.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code rqlited}: parse rqlite's flags, start a node, stop it cleanly on SIGTERM/SIGINT. */
public final class Rqlited {

    private Rqlited() {
    }

    public static void main(String[] argv) {
        List<String> args = Arrays.asList(argv);
        NodeConfig config;
        try {
            config = CommandLine.forSystem(() -> VersionInfo.load().versionLine(sqliteVersion())).parse(args);
        } catch (CliExit exit) {
            System.err.print(exit.stderrOutput());
            System.exit(exit.exitCode());
            return;
        }
        RaftLogLevel.apply(RaftLogLevel.parse(config.raftLogLevel()).orElseThrow()); // validated with the flags
        Logger log = LoggerFactory.getLogger(Rqlited.class);

        // A thread that dies of an Error (out of memory above all) leaves a node that looks alive but is not:
        // better to stop and be restarted.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            log.error("thread {} died", thread.getName(), error);
            if (error instanceof Error) {
                Runtime.getRuntime().halt(1);
            }
        });
        // Own handlers for TERM and INT, installed before the node starts, so that a requested stop exits 0 after
        // a clean close (the JVM's default would exit 143/130).
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                log.info("received SIG{}, shutting down", signal.getName());
                stop.countDown();
            });
        }
        List<String> cmdline = new ArrayList<>();
        cmdline.add("rqlited");
        cmdline.addAll(args);
        RunningNode node;
        try {
            // A stop during start-up (a join can wait for minutes) makes the join give up.
            node = RunningNode.start(config, cmdline, reason -> {
                log.error("fatal: {}", reason);
                Runtime.getRuntime().halt(1);
            }, () -> stop.getCount() == 0);
        } catch (RunningNode.StartupException e) {
            if (stop.getCount() == 0) {
                log.info("stopped before start-up finished: {}", e.getMessage());
                System.exit(0);
            }
            System.err.println("fatal: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int exitCode = 0;
        try {
            node.close();
        } catch (RuntimeException e) {
            log.error("shutdown failed", e);
            exitCode = 1;
        } finally {
            System.exit(exitCode);
        }
    }

    static String sqliteVersion() {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
                var rs = c.createStatement().executeQuery("select sqlite_version()")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (java.sql.SQLException e) {
            return "unknown";
        }
    }
}
