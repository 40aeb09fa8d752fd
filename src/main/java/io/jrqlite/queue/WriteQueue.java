package io.jrqlite.queue;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.GoDuration;
import io.jrqlite.command.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queued writes ({@code /db/execute?queue}): requests are acknowledged at once with a sequence number and written
 * later in batches, each batch one execute request (one log entry). A failed batch is retried every second until it
 * succeeds or the queue closes.
 *
 * <p>Thread-safe. One flusher thread; enqueueing never blocks the caller (when the queue is full the returned future
 * completes once there is room).
 */
public final class WriteQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
    private static final long RETRY_MILLIS = 1000;

    private final int capacity;
    private final int batchSize;
    private final Duration timeout;
    private final boolean transaction;
    private final Function<Batch, CompletableFuture<BatchResult>> executor;
    private final BlockingQueue<Queued> queue;
    private final Object enqueueLock = new Object();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters = new ConcurrentSkipListMap<>();
    private final ExecutorService overflow = Executors.newSingleThreadExecutor(daemon("write-queue-overflow"));
    private final Thread flusher;
    private final AtomicLong statementsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong batchFailures = new AtomicLong();
    private long nextSequence;
    private volatile long flushedSequence;
    private volatile boolean closed;

    /**
     * @param executor writes one batch (normally {@code Store::execute})
     */
    public WriteQueue(int capacity, int batchSize, Duration timeout, boolean transaction,
            Function<Batch, CompletableFuture<BatchResult>> executor) {
        this.capacity = Math.max(1, capacity);
        this.batchSize = Math.max(1, batchSize);
        this.timeout = timeout;
        this.transaction = transaction;
        this.executor = executor;
        this.queue = new ArrayBlockingQueue<>(this.capacity);
        // Sequence numbers start at the node's start time in nanoseconds, as rqlite's do.
        java.time.Instant now = java.time.Instant.now();
        this.nextSequence = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.flushedSequence = 0;
        this.flusher = daemon("write-queue").newThread(this::run);
        this.flusher.start();
    }

    /** Queues the statements; completes with the request's sequence number once it is on the queue. */
    public CompletableFuture<Long> enqueue(List<Statement> statements) {
        synchronized (enqueueLock) {
            long seq = ++nextSequence;
            if (queue.offer(new Queued(seq, statements))) {
                return CompletableFuture.completedFuture(seq);
            }
            // Full: wait for room off the caller's thread, keeping sequence order (the lock is held meanwhile).
            nextSequence--;
        }
        return CompletableFuture.supplyAsync(() -> {
            synchronized (enqueueLock) {
                long seq = ++nextSequence;
                try {
                    queue.put(new Queued(seq, statements));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("write queue closed");
                }
                return seq;
            }
        }, overflow);
    }

    /** Completes when the batch holding {@code sequence} has been written. */
    public CompletableFuture<Void> awaitFlushed(long sequence) {
        if (flushedSequence >= sequence) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = waiters.computeIfAbsent(sequence, s -> new CompletableFuture<>());
        if (flushedSequence >= sequence) {
            complete(flushedSequence);
        }
        return f;
    }

    /** The {@code http.queue._default} part of {@code /status}. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new TreeMap<>();
        m.put("max_size", capacity);
        m.put("batch_size", batchSize);
        m.put("timeout", GoDuration.format(timeout));
        m.put("sequence_number", flushedSequence);
        return m;
    }

    /** The {@code queue} expvar map. */
    public Map<String, Object> counters() {
        Map<String, Object> m = new TreeMap<>();
        m.put("statements_rx", statementsWritten.get());
        m.put("batches_written", batchesWritten.get());
        m.put("batch_failures", batchFailures.get());
        return m;
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(batchSize);
        while (!closed) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (batch.size() < batchSize) {
                    long left = deadline - System.nanoTime();
                    Queued next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Queued> batch) throws InterruptedException {
        Batch.Builder b = Batch.newBuilder().setTransaction(transaction);
        for (Queued q : batch) {
            b.addAllStatements(q.statements);
        }
        Batch request = b.build();
        long last = batch.get(batch.size() - 1).sequence;
        while (!closed) {
            if (request.getStatementsCount() == 0) {
                break; // a flush barrier: nothing to write
            }
            try {
                executor.apply(request).get();
                statementsWritten.addAndGet(request.getStatementsCount());
                batchesWritten.incrementAndGet();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                batchFailures.incrementAndGet();
                LOG.warn("queued write batch failed, retrying in 1s: {}", e.getCause().getMessage());
                Thread.sleep(RETRY_MILLIS);
            }
        }
        flushedSequence = last;
        complete(last);
    }

    private void complete(long upTo) {
        var done = waiters.headMap(upTo, true);
        done.values().forEach(f -> f.complete(null));
        done.clear();
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        overflow.shutdownNow();
        waiters.values().forEach(f -> f.completeExceptionally(new IllegalStateException("write queue closed")));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private record Queued(long sequence, List<Statement> statements) {
    }
}
