package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.of;
import static io.jrqlite.db.Batches.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** A quick micro-measure, off by default: {@code mvn -o test -Dtest=DatabaseSpeedTest -Djrqlite.bench=true}. */
@EnabledIfSystemProperty(named = "jrqlite.bench", matches = "true")
class DatabaseSpeedTest {

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        try (Database db = Database.open(DbConfig.onDisk(dir.resolve("bench.sqlite")))) {
            db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)"));
            int n = 100_000;
            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    db.execute(of(stmt("INSERT INTO foo(name, age) VALUES(?, ?)", "name" + i, i)));
                }
                report("execute, 1 insert per request", n, t0);
            }
            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                int groupSize = 16;
                for (int i = 0; i < n; i += groupSize) {
                    List<Work> works = new ArrayList<>(groupSize);
                    for (int k = 0; k < groupSize; k++) {
                        works.add(Work.execute(of(stmt("INSERT INTO foo(name, age) VALUES(?, ?)", "g" + i, k))));
                    }
                    db.applyGroup(works);
                }
                report("applyGroup of 16, 1 insert per request", n, t0);
            }
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Batch q = of(stmt("SELECT * FROM foo WHERE id = ?", 1 + (i * 7919) % 100_000));
                    assertThat(db.query(q).getResults(0).getRows().getValuesCount()).isEqualTo(1);
                }
                report("query, point read", n, t0);
            }
        }
    }

    private static void report(String what, int n, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-45s %,10.0f /s (%.1f µs each)%n", what, n / s, s * 1e6 / n);
    }
}
