package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a run's result: a short table for people, then one {@code RESULT key=value ...} line for scripts. */
final class BenchReport {

    private BenchReport() {
    }

    static void print(BenchConfig cfg, LoadRunner.Outcome o, PrintStream out) {
        double seconds = o.elapsedNanos() / 1e9;
        double reqPerSec = seconds > 0 ? o.requests() / seconds : 0;
        double stmtPerSec = reqPerSec * cfg.batch();
        LatencyHistogram h = o.latencies();
        String stoppedBy = o.stoppedByTimeLimit() ? "time" : "count";

        out.printf(Locale.ROOT, "Requests:        %d sent, %d errors%s%n", o.requests(), o.errors(),
                o.stoppedByTimeLimit() ? " (stopped by the " + GoDuration.format(cfg.timeLimit()) + " time limit)" : "");
        out.printf(Locale.ROOT, "Duration:        %.3f s%n", seconds);
        out.printf(Locale.ROOT, "Requests/sec:    %.2f%n", reqPerSec);
        out.printf(Locale.ROOT, "Statements/sec:  %.2f%n", stmtPerSec);
        out.printf(Locale.ROOT, "Latency (ms):    p50 %s  p90 %s  p99 %s  max %s%n",
                ms(h.percentile(50)), ms(h.percentile(90)), ms(h.percentile(99)), ms(h.max()));
        if (!o.errorSamples().isEmpty()) {
            out.printf("First errors:%n");
            for (String e : o.errorSamples()) {
                out.println("  " + e.replace('\n', ' ').replace('\r', ' '));
            }
        }
        out.printf(Locale.ROOT,
                "RESULT requests=%d errors=%d elapsed_s=%.6f req_per_s=%.2f stmts_per_s=%.2f"
                        + " p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s batch=%d concurrency=%d stopped_by=%s%n",
                o.requests(), o.errors(), seconds, reqPerSec, stmtPerSec,
                ms(h.percentile(50)), ms(h.percentile(90)), ms(h.percentile(99)), ms(h.max()),
                cfg.batch(), cfg.concurrency(), stoppedBy);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
