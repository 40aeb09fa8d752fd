package io.jrqlite.queue;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.GoDuration;
import io.jrqlite.command.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queued writes ({@code /db/execute?queue}): requests are acknowledged at once with a sequence number and written
 * later in batches, each batch one execute request (one log entry). A failed batch is retried every second until it
 * succeeds or the queue closes.
 *
 * <p>Thread-safe, and no caller ever blocks: when the queue is full, a request waits in line (in order) and its
 * future completes once there is room. One flusher thread writes one batch at a time, so batches keep their order.
 */
public final class WriteQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
    private static final long RETRY_MILLIS = 1000;

    private final int capacity;
    private final int batchSize;
    private final Duration timeout;
    private final boolean transaction;
    private final Function<Batch, CompletableFuture<BatchResult>> executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final ArrayDeque<Queued> waitingForRoom = new ArrayDeque<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters = new ConcurrentSkipListMap<>();
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
        // Sequence numbers start at the node's start time in nanoseconds, as rqlite's do.
        Instant now = Instant.now();
        this.nextSequence = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.flusher = new Thread(this::run, "write-queue");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /** Queues the statements; completes with the request's sequence number once it is on the queue. */
    public CompletableFuture<Long> enqueue(List<Statement> statements) {
        Queued q;
        boolean onQueue;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            q = new Queued(++nextSequence, statements, new CompletableFuture<>());
            onQueue = waitingForRoom.isEmpty() && queue.size() < capacity;
            if (onQueue) {
                queue.add(q);
                arrived.signal();
            } else {
                waitingForRoom.add(q);
            }
        } finally {
            lock.unlock();
        }
        if (onQueue) {
            q.accepted.complete(q.sequence); // outside the lock: the caller's reply runs on completion
        }
        return q.accepted;
    }

    /** Completes when the batch holding {@code sequence} has been written. */
    public CompletableFuture<Void> awaitFlushed(long sequence) {
        if (flushedSequence >= sequence) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = waiters.computeIfAbsent(sequence, s -> new CompletableFuture<>());
        if (flushedSequence >= sequence) {
            completeUpTo(flushedSequence);
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
        m.put("statements_written", statementsWritten.get());
        m.put("batches_written", batchesWritten.get());
        m.put("batch_failures", batchFailures.get());
        return m;
    }

    private void run() {
        try {
            while (!closed) {
                List<Queued> batch = nextBatch();
                if (!batch.isEmpty()) {
                    write(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a first request, then for a full batch or the timeout, and takes the batch off the queue. */
    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = new ArrayList<>(batchSize);
        List<Queued> admitted = new ArrayList<>();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return batch;
                }
                arrived.await(100, TimeUnit.MILLISECONDS);
            }
            long left = timeout.toNanos();
            while (queue.size() < batchSize && left > 0 && !closed) {
                left = arrived.awaitNanos(left);
            }
            while (batch.size() < batchSize && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            while (queue.size() < capacity && !waitingForRoom.isEmpty()) {
                Queued q = waitingForRoom.poll();
                queue.add(q);
                admitted.add(q);
            }
        } finally {
            lock.unlock();
        }
        admitted.forEach(q -> q.accepted.complete(q.sequence));
        return batch;
    }

    private void write(List<Queued> batch) throws InterruptedException {
        Batch.Builder b = Batch.newBuilder().setTransaction(transaction);
        for (Queued q : batch) {
            b.addAllStatements(q.statements);
        }
        Batch request = b.build();
        while (!closed && request.getStatementsCount() > 0) { // an empty batch is only a flush barrier
            try {
                executor.apply(request).get();
                statementsWritten.addAndGet(request.getStatementsCount());
                batchesWritten.incrementAndGet();
                break;
            } catch (ExecutionException | RuntimeException e) {
                // Whatever fails, the flusher lives on: acknowledged requests must still be written.
                batchFailures.incrementAndGet();
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("queued write batch failed, retrying in 1s: {}", cause.getMessage());
                Thread.sleep(RETRY_MILLIS);
            }
        }
        long last = batch.get(batch.size() - 1).sequence;
        flushedSequence = last;
        completeUpTo(last);
    }

    private void completeUpTo(long sequence) {
        // One entry at a time: a waiter added meanwhile is either seen here or sees flushedSequence itself.
        for (var first = waiters.firstEntry(); first != null && first.getKey() <= sequence;
                first = waiters.firstEntry()) {
            if (waiters.remove(first.getKey(), first.getValue())) {
                first.getValue().complete(null);
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
            waitingForRoom.forEach(q -> q.accepted.completeExceptionally(closedError()));
            waitingForRoom.clear();
        } finally {
            lock.unlock();
        }
        flusher.interrupt();
        waiters.values().forEach(f -> f.completeExceptionally(closedError()));
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("write queue closed");
    }

    private record Queued(long sequence, List<Statement> statements, CompletableFuture<Long> accepted) {
    }
}
