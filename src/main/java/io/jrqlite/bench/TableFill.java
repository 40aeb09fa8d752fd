package io.jrqlite.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a table {@code (id INTEGER PRIMARY KEY, v TEXT)} with rows of random text through multi-row INSERTs sent to
 * /db/execute by a few concurrent clients. Bounded by the row count and a deadline; the first failed request stops
 * every client.
 */
final class TableFill {

    /** What was inserted; {@code error} is empty unless a request failed. */
    record Result(long rows, long payloadBytes, long nanos, boolean timedOut, String error) {
        double rowsPerSecond() {
            return nanos > 0 ? rows / (nanos / 1e9) : 0;
        }

        double mibPerSecond() {
            return nanos > 0 ? payloadBytes / 1048576.0 / (nanos / 1e9) : 0;
        }
    }

    /** Letters, digits and a space: no quoting needed in SQL or JSON, and hardly compressible. */
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ".toCharArray();
    private static final int CLIENTS = 4;

    private final NodeApi api;
    private final String table;
    private final int rowsPerRequest;
    private final int payloadChars;

    TableFill(NodeApi api, String table, int rowsPerRequest, int payloadChars) {
        this.api = api;
        this.table = table;
        this.rowsPerRequest = rowsPerRequest;
        this.payloadChars = payloadChars;
    }

    void createTable(Duration timeout) throws IOException, InterruptedException {
        NodeApi.Reply r = api.execute("[\"CREATE TABLE IF NOT EXISTS " + table
                + " (id INTEGER PRIMARY KEY, v TEXT)\"]", timeout);
        if (r.failed()) {
            throw new IOException("CREATE TABLE " + table + ": " + r.describe());
        }
    }

    /** Inserts {@code rows} more rows, or as many as fit before the time limit. */
    Result insert(long rows, Duration limit) throws InterruptedException {
        long requests = (rows + rowsPerRequest - 1) / rowsPerRequest;
        AtomicLong next = new AtomicLong();
        AtomicLong inserted = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>("");
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SplittableRandom random = new SplittableRandom(31L * c + rows);
            Thread t = new Thread(() -> {
                while (error.get().isEmpty() && System.nanoTime() < deadline) {
                    long i = next.getAndIncrement();
                    if (i >= requests) {
                        return;
                    }
                    int n = (int) Math.min(rowsPerRequest, rows - i * rowsPerRequest);
                    try {
                        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
                        NodeApi.Reply r = api.execute(body(n, random), left);
                        if (r.failed()) {
                            error.compareAndSet("", r.describe());
                        } else {
                            inserted.addAndGet(n);
                        }
                    } catch (IOException e) {
                        error.compareAndSet("", e.toString());
                    } catch (InterruptedException e) {
                        error.compareAndSet("", "interrupted");
                        return;
                    }
                }
            }, "fill-" + table + "-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - t0;
        long done = inserted.get();
        return new Result(done, done * payloadChars, nanos, done < rows && error.get().isEmpty(), error.get());
    }

    /** One JSON array holding one INSERT of {@code n} rows. */
    private String body(int n, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(n * (payloadChars + 5) + 64)
                .append("[\"INSERT INTO ").append(table).append("(v) VALUES ");
        for (int r = 0; r < n; r++) {
            sb.append(r == 0 ? "('" : ",('");
            for (int i = 0; i < payloadChars; i++) {
                sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            sb.append("')");
        }
        return sb.append("\"]").toString();
    }
}
