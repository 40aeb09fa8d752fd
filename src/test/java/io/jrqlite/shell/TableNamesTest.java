package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TableNamesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<List<String>> answers = new ArrayList<>();

    /** Answers in turn; an empty slot means a failed fetch. */
    private TableNames names(Duration wait) {
        return new TableNames(() -> {
            int i = fetches.getAndIncrement();
            List<String> a = answers.get(Math.min(i, answers.size() - 1));
            if (a == null) {
                throw new java.io.IOException("node down");
            }
            return a;
        }, now::get, wait);
    }

    @Test
    void namesAreCachedUntilInvalidatedOrOld() {
        answers.add(List.of("a"));
        answers.add(List.of("a", "b"));
        answers.add(List.of("a", "b", "c"));
        TableNames t = names(Duration.ofSeconds(30));
        assertThat(t.get()).containsExactly("a");
        assertThat(t.get()).containsExactly("a");
        assertThat(fetches).hasValue(1);

        t.invalidate();
        assertThat(t.get()).containsExactly("a", "b");
        assertThat(fetches).hasValue(2);

        now.addAndGet(TableNames.MAX_AGE.toMillis() - 1);
        assertThat(t.get()).containsExactly("a", "b");
        now.addAndGet(1);
        assertThat(t.get()).containsExactly("a", "b", "c");
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aFailedFetchKeepsWhatWasKnownAndIsRetriedLater() {
        answers.add(List.of("a"));
        answers.add(null);
        answers.add(List.of("b"));
        TableNames t = names(Duration.ofSeconds(30));
        assertThat(t.get()).containsExactly("a");
        t.invalidate();
        assertThat(t.get()).containsExactly("a");
        assertThat(t.get()).as("no retry at once").containsExactly("a");
        assertThat(fetches).hasValue(2);
        now.addAndGet(TableNames.RETRY.toMillis());
        assertThat(t.get()).containsExactly("b");
    }

    @Test
    void aSlowFetchDoesNotHoldUpTheTabAndCountsOnceItArrives() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TableNames t = new TableNames(() -> {
            fetches.incrementAndGet();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return List.of("late");
        }, now::get, Duration.ofMillis(10));
        assertThat(t.get()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> fetches.get() == 1);
        assertThat(t.get()).isEmpty();
        assertThat(fetches).as("one fetch at a time").hasValue(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> t.get().equals(List.of("late")));
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aFetchStartedBeforeASchemaChangeIsNotTakenAsFresh() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TableNames t = new TableNames(() -> {
            if (fetches.incrementAndGet() == 1 && !release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return List.of("v" + fetches.get());
        }, now::get, Duration.ofMillis(10));
        var first = t.refresh();
        t.invalidate();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> t.get().equals(List.of("v2")));
    }

    @Test
    void answersAndStatementsAreRead() {
        assertThat(TableNames.names("{\"results\":[{\"columns\":[\"name\"],\"types\":[\"text\"],"
                + "\"values\":[[\"a\"],[\"b b\"]]}]}")).containsExactly("a", "b b");
        assertThat(TableNames.names("{\"results\":[{\"columns\":[\"name\"],\"types\":[\"text\"]}]}")).isEmpty();
        assertThat(TableNames.names("{\"results\":[{\"error\":\"no\"}]}")).isEmpty();
        assertThat(TableNames.mayChangeSchema("create table t (x)")).isTrue();
        assertThat(TableNames.mayChangeSchema("  DROP TABLE t")).isTrue();
        assertThat(TableNames.mayChangeSchema("ALTER TABLE t RENAME TO u")).isTrue();
        assertThat(TableNames.mayChangeSchema("INSERT INTO created VALUES(1)")).isFalse();
        assertThat(TableNames.mayChangeSchema("SELECT * FROM t")).isFalse();
    }
}
