package io.jrqlite.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

    private final List<Batch> written = new CopyOnWriteArrayList<>();

    private CompletableFuture<BatchResult> record(Batch b) {
        written.add(b);
        return CompletableFuture.completedFuture(BatchResult.getDefaultInstance());
    }

    private static List<Statement> sql(String s) {
        return List.of(Statement.newBuilder().setSql(s).build());
    }

    @Test
    void sequenceNumbersStartAtTheStartTimeAndIncreaseByOne() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        try (WriteQueue q = new WriteQueue(16, 4, Duration.ofMillis(20), false, this::record)) {
            long a = q.enqueue(sql("a")).get();
            long b = q.enqueue(sql("b")).get();
            assertThat(a).isGreaterThan(before);
            assertThat(b).isEqualTo(a + 1);
        }
    }

    @Test
    void aFullBatchOfRequestsBecomesOneExecute() throws Exception {
        try (WriteQueue q = new WriteQueue(16, 3, Duration.ofSeconds(10), true, this::record)) {
            long last = 0;
            for (String s : List.of("a", "b", "c")) {
                last = q.enqueue(sql(s)).get();
            }
            q.awaitFlushed(last).get(5, TimeUnit.SECONDS);
            assertThat(written).hasSize(1);
            assertThat(written.get(0).getTransaction()).isTrue();
            assertThat(written.get(0).getStatementsList()).extracting(Statement::getSql).containsExactly("a", "b", "c");
            assertThat(q.stats()).containsEntry("sequence_number", last);
        }
    }

    @Test
    void aPartBatchIsWrittenAfterTheTimeout() throws Exception {
        try (WriteQueue q = new WriteQueue(16, 100, Duration.ofMillis(30), false, this::record)) {
            long seq = q.enqueue(sql("only")).get();
            q.awaitFlushed(seq).get(5, TimeUnit.SECONDS);
            assertThat(written).singleElement().satisfies(b -> assertThat(b.getTransaction()).isFalse());
        }
    }

    @Test
    void aFailedBatchIsRetriedUntilItIsWritten() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WriteQueue q = new WriteQueue(16, 1, Duration.ofMillis(10), false, b -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("leader not found"))
                : record(b))) {
            long seq = q.enqueue(sql("x")).get();
            q.awaitFlushed(seq).get(10, TimeUnit.SECONDS);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(written).hasSize(1);
        }
    }

    @Test
    void anEmptyRequestIsAFlushBarrier() throws Exception {
        try (WriteQueue q = new WriteQueue(16, 10, Duration.ofMillis(10), false, this::record)) {
            long seq = q.enqueue(List.of()).get();
            q.awaitFlushed(seq).get(5, TimeUnit.SECONDS);
            assertThat(written).isEmpty();
        }
    }

    @Test
    void aFullQueueAcceptsOnceThereIsRoom() throws Exception {
        CompletableFuture<BatchResult> gate = new CompletableFuture<>();
        List<Batch> started = new CopyOnWriteArrayList<>();
        try (WriteQueue q = new WriteQueue(1, 1, Duration.ofMillis(1), false, b -> {
            started.add(b);
            return gate.thenApply(r -> {
                written.add(b);
                return r;
            });
        })) {
            q.enqueue(sql("1")).get();
            await().atMost(Duration.ofSeconds(5)).until(() -> !started.isEmpty()); // the flusher holds "1"
            q.enqueue(sql("2")).get(5, TimeUnit.SECONDS); // takes the one free place
            CompletableFuture<Long> third = q.enqueue(sql("3"));
            assertThat(third).isNotDone();
            gate.complete(BatchResult.getDefaultInstance());
            long seq = third.get(5, TimeUnit.SECONDS);
            q.awaitFlushed(seq).get(5, TimeUnit.SECONDS);
            assertThat(written).extracting(b -> b.getStatements(0).getSql()).containsExactly("1", "2", "3");
        }
    }
}
