package io.jrqlite.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The {@code http} expvar map; names are rqlite's. */
final class HttpCounters {
    final LongAdder executions = new LongAdder();
    final LongAdder queuedExecutions = new LongAdder();
    final LongAdder queries = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder userSnapshots = new LongAdder();
    final LongAdder userReaps = new LongAdder();
    final LongAdder backups = new LongAdder();
    final LongAdder loads = new LongAdder();
    /** Requests whose credentials were checked (only with {@code -auth}), and passed or failed. */
    final LongAdder authOk = new LongAdder();
    final LongAdder authFail = new LongAdder();
    /** When the last backup was sent (null: none yet): {@code last_backup_time} in {@code /status}. */
    volatile java.time.Instant lastBackup;

    Map<String, Object> snapshot() {
        Map<String, Object> m = new TreeMap<>();
        m.put("executions", executions.sum());
        m.put("queued_executions", queuedExecutions.sum());
        m.put("queries", queries.sum());
        m.put("requests", requests.sum());
        m.put("user_snapshots", userSnapshots.sum());
        m.put("user_reaps", userReaps.sum());
        m.put("backups", backups.sum());
        m.put("loads", loads.sum());
        m.put("auth_ok", authOk.sum());
        m.put("auth_fail", authFail.sum());
        return m;
    }
}
