package io.jrqlite.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the load: {@code -c} worker threads, each with its own keep-alive connection (or a new one per request with
 * {@code -new-conn}), take request numbers from one shared counter until {@code -n} are issued or the time limit
 * passes. Warm-up requests go first, on the same connections, and are not measured. Each worker records into its
 * own histogram; they are merged at the end.
 */
final class LoadRunner {

    /** The measured part of a run. */
    record Outcome(long requests, long errors, long elapsedNanos, LatencyHistogram latencies,
                   List<String> errorSamples, boolean stoppedByTimeLimit) {
    }

    static final int MAX_ERROR_SAMPLES = 5;
    static final int MAX_SAMPLE_CHARS = 300;
    /** How far past the deadline a request may still take before it is abandoned as timed out. */
    private static final long GRACE_MILLIS = 1_000;

    private final BenchConfig cfg;
    private final InetSocketAddress address;
    private final ClientTls tls;
    private final byte[] request;
    private final List<String> errorSamples = new ArrayList<>();
    private final AtomicLong warmupIssued = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private volatile long warmupDeadline;
    private volatile long deadline;

    /** @param tls null for plain HTTP */
    LoadRunner(BenchConfig cfg, InetSocketAddress address, ClientTls tls, BenchRequest request) {
        this.cfg = cfg;
        this.address = address;
        this.tls = tls;
        this.request = request.bytes();
    }

    Outcome run() throws IOException, InterruptedException {
        int c = cfg.concurrency();
        long limit = cfg.timeLimit().toNanos();
        List<Worker> workers = new ArrayList<>(c);
        try {
            for (int i = 0; i < c; i++) {
                Worker w = new Worker();
                w.conn.open((int) Math.min(5_000, cfg.timeLimit().toMillis()));
                workers.add(w);
            }
        } catch (IOException e) {
            workers.forEach(w -> w.conn.close());
            throw new IOException("cannot open connection " + (workers.size() + 1) + " of " + c + " to "
                    + address + ": " + e.getMessage(), e);
        }
        if (cfg.newConnection()) {
            workers.forEach(w -> w.conn.close()); // they proved the node answers; each request now opens its own
        }
        CountDownLatch warmedUp = new CountDownLatch(c);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(c);
        List<Thread> threads = new ArrayList<>(c);
        warmupDeadline = System.nanoTime() + limit;
        for (int i = 0; i < c; i++) {
            Worker w = workers.get(i);
            Thread t = new Thread(() -> {
                try {
                    w.warmUp();
                    warmedUp.countDown();
                    go.await();
                    w.measure();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    w.conn.close();
                    done.countDown();
                }
            }, "rqbench-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        warmedUp.await();
        long start = System.nanoTime();
        deadline = start + limit;
        go.countDown();
        done.await();
        long elapsed = System.nanoTime() - start;

        LatencyHistogram all = new LatencyHistogram();
        long requests = 0;
        long errors = 0;
        for (Worker w : workers) {
            all.add(w.latencies);
            requests += w.requests;
            errors += w.errors;
        }
        boolean cut = cfg.requests() == 0 || requests < cfg.requests();
        synchronized (errorSamples) {
            return new Outcome(requests, errors, elapsed, all, List.copyOf(errorSamples), cut);
        }
    }

    private void sample(String what) {
        synchronized (errorSamples) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(what.length() > MAX_SAMPLE_CHARS ? what.substring(0, MAX_SAMPLE_CHARS) + "..." : what);
            }
        }
    }

    private static int timeoutMillis(long deadlineNanos) {
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, remaining) + GRACE_MILLIS);
    }

    private final class Worker {
        final HttpConnection conn = new HttpConnection(address, tls, cfg.newConnection());
        final LatencyHistogram latencies = new LatencyHistogram();
        long requests;
        long errors;

        void warmUp() {
            long end = warmupDeadline;
            while (warmupIssued.getAndIncrement() < cfg.warmup() && System.nanoTime() < end) {
                try {
                    conn.exchange(request, timeoutMillis(end));
                } catch (IOException | RuntimeException e) {
                    // warm-up failures are not measured; the measured phase will report them
                }
            }
        }

        void measure() {
            long end = deadline;
            long n = cfg.requests();
            while ((n == 0 || issued.getAndIncrement() < n) && System.nanoTime() < end) {
                long t0 = System.nanoTime();
                boolean failed;
                try {
                    int status = conn.exchange(request, timeoutMillis(end));
                    failed = ResponseCheck.failed(status, conn.body(), conn.bodyLength());
                    if (failed) {
                        sample("HTTP " + status + ": " + conn.bodyText());
                    }
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    sample("request failed: " + e);
                }
                latencies.record(System.nanoTime() - t0);
                requests++;
                if (failed) {
                    errors++;
                }
            }
        }
    }
}
