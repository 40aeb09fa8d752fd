package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.ChildNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes as processes: SIGKILL of the leader under load loses no acknowledged write, and the replicas agree. */
class ClusterCrashIT {

    @TempDir
    Path dir;

    @Test
    void killingTheLeaderUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        try (ChildNode first = ChildNode.start(dir.resolve("n1"), "-node-id", "n1", "-raft-snap", "50",
                "-raft-snap-int", "200ms");
                ChildNode second = ChildNode.start(dir.resolve("n2"), "-node-id", "n2", "-join", first.raftAddress(),
                        "-raft-snap", "50", "-raft-snap-int", "200ms");
                ChildNode third = ChildNode.start(dir.resolve("n3"), "-node-id", "n3", "-join", first.raftAddress(),
                        "-raft-snap", "50", "-raft-snap-int", "200ms")) {
            second.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)\"]");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<ChildNode> through = List.of(second, third, second, third);
            for (int w = 0; w < through.size(); w++) {
                int writer = w;
                Api api = through.get(w).api();
                pool.submit(() -> {
                    for (int i = 0; i < 5000 && !stop.get(); i++) {
                        String v = "w" + writer + "-" + i;
                        try {
                            if (api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"" + v + "\"]]").body()
                                    .contains("\"rows_affected\":1")) {
                                acknowledged.add(v);
                            }
                        } catch (RuntimeException e) {
                            // no leader for a moment: the write was not acknowledged
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
            first.kill();
            int atKill = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= atKill + 200);
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            first.launch(); // back from its own log and snapshots, as a follower
            // The three replicas converge on one database, which holds every acknowledged write exactly once.
            String[] dump = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dump[0] = second.api().get("/db/backup?fmt=sql&noleader").body();
                return dump[0].startsWith("PRAGMA")
                        && first.api().get("/db/backup?fmt=sql&noleader").body().equals(dump[0])
                        && third.api().get("/db/backup?fmt=sql&noleader").body().equals(dump[0]);
            });
            checkExactlyOnce(dump[0], acknowledged);
        }
    }

    private static void checkExactlyOnce(String dump, Set<String> acknowledged) {
        Matcher m = Pattern.compile("VALUES\\(\\d+,'(w\\d+-\\d+)'\\)").matcher(dump);
        Set<String> present = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        while (m.find()) {
            if (!present.add(m.group(1))) {
                duplicates.add(m.group(1));
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(present).containsAll(acknowledged);
    }
}
