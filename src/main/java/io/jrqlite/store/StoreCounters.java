package io.jrqlite.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** The store's expvar counters; the names are rqlite's. */
final class StoreCounters {
    final AtomicLong numSnapshots = new AtomicLong();
    final AtomicLong numRestores = new AtomicLong();
    final AtomicLong numRestoresStart = new AtomicLong();
    final AtomicLong numRestoresStartSkipped = new AtomicLong();
    final AtomicLong numSnapshotsFull = new AtomicLong();
    final AtomicLong numSnapshotsIncremental = new AtomicLong();
    final AtomicLong numUserSnapshots = new AtomicLong();
    final AtomicLong numWalSnapshots = new AtomicLong();
    final AtomicLong numBoots = new AtomicLong();
    final AtomicLong numLoads = new AtomicLong();
    final AtomicLong numIgnoredJoins = new AtomicLong();
    final AtomicLong numRemovedBeforeJoins = new AtomicLong();
    final AtomicLong numJoins = new AtomicLong();
    final AtomicLong numRecoveries = new AtomicLong();
    final AtomicLong nodesReapedOk = new AtomicLong();
    final AtomicLong nodesReapedFailed = new AtomicLong();

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("num_snapshots", numSnapshots.get());
        m.put("num_restores", numRestores.get());
        m.put("num_restores_start", numRestoresStart.get());
        m.put("num_restores_start_skipped", numRestoresStartSkipped.get());
        m.put("num_snapshots_full", numSnapshotsFull.get());
        m.put("num_snapshots_incremental", numSnapshotsIncremental.get());
        m.put("num_user_snapshots", numUserSnapshots.get());
        m.put("num_wal_snapshots", numWalSnapshots.get());
        m.put("num_boots", numBoots.get());
        m.put("num_loads", numLoads.get());
        m.put("num_ignored_joins", numIgnoredJoins.get());
        m.put("num_removed_before_joins", numRemovedBeforeJoins.get());
        m.put("num_joins", numJoins.get());
        m.put("num_recoveries", numRecoveries.get());
        m.put("nodes_reaped_ok", nodesReapedOk.get());
        m.put("nodes_reaped_failed", nodesReapedFailed.get());
        return m;
    }
}
