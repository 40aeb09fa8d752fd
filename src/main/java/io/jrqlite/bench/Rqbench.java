package io.jrqlite.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * rqbench: a load tool for a jrqlite or rqlite node. Sends one SQL statement (in batches of {@code -b}) over the
 * HTTP(S) API {@code -n} times from {@code -c} concurrent connections and reports throughput and latency percentiles.
 * Run {@code rqbench -h} for the flags. Only loopback targets are accepted unless {@code -allow-remote} is given.
 */
public final class Rqbench {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private Rqbench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit status (0 all requests succeeded, 1 some failed or no connection, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchConfig cfg;
        Target target;
        ClientTls tls;
        try {
            cfg = BenchConfig.parse(args);
            target = Target.resolve(cfg.address(), cfg.allowRemote());
            tls = ClientTls.forTarget(target, cfg.caCert());
        } catch (BenchConfig.HelpRequested e) {
            out.print(BenchConfig.usage());
            return EXIT_OK;
        } catch (BenchConfig.UsageException e) {
            err.println("rqbench: " + e.getMessage());
            err.println("Run rqbench -h for usage.");
            return EXIT_USAGE;
        }
        BenchRequest request = BenchRequest.forRun(cfg, target);
        try {
            InetSocketAddress address = HttpConnection.reachable(target, CONNECT_TIMEOUT_MILLIS);
            out.println("Test target:     " + cfg.method() + " " + target.url(request.pathAndQuery()));
            out.println("Statement:       " + cfg.statement() + " (" + cfg.batch() + " per request)");
            out.println("Concurrency:     " + cfg.concurrency() + (cfg.warmup() > 0 ? ", " + cfg.warmup() + " warm-up requests" : ""));
            out.println("Connections:     " + (cfg.newConnection()
                    ? "a new one per request" + (tls != null ? " (full TLS handshake each)" : "")
                    : "one keep-alive per worker"));
            if (!cfg.preload().isEmpty()) {
                preload(cfg.preload(), target, address, tls, err);
            }
            LoadRunner.Outcome outcome = new LoadRunner(cfg, address, tls, request).run();
            BenchReport.print(cfg, outcome, out);
            return outcome.errors() == 0 ? EXIT_OK : EXIT_FAILED;
        } catch (IOException e) {
            err.println("rqbench: " + e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("rqbench: interrupted");
            return EXIT_FAILED;
        }
    }

    /** A failed preload (say, the table already exists) is reported but does not stop the run. */
    private static void preload(String statement, Target target, InetSocketAddress address, ClientTls tls,
            PrintStream err) throws IOException {
        try (HttpConnection conn = new HttpConnection(address, tls, false)) {
            int status = conn.exchange(BenchRequest.preload(statement, target).bytes(), CONNECT_TIMEOUT_MILLIS * 2);
            if (ResponseCheck.failed(status, conn.body(), conn.bodyLength())) {
                err.println("rqbench: warning: preload statement failed, continuing (HTTP " + status + "): "
                        + conn.bodyText().strip());
            }
        }
    }
}
