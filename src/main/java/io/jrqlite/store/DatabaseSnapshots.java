package io.jrqlite.store;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import io.jrqlite.command.BackupFormat;
import io.jrqlite.command.BatchResult;
import io.jrqlite.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and restores the database as snapshots. On disk a snapshot is a chain (see {@link SnapshotChain}): the
 * first is a full copy of the database file; later ones save only the write-ahead log, then checkpoint it into the
 * file, so their cost follows the writes since the last snapshot, not the database size. A full copy is taken again
 * when the saved logs have grown to half the copy, after a load or a boot, and when the chain is broken. In RAM
 * every snapshot is a full serialization.
 *
 * <p>Between snapshots the database file changes only at checkpoints, which happen only here: so a file whose
 * fingerprint ({@link CleanSnapshot}) matches the latest snapshot can be reused at start, and a full copy can be
 * taken off the state-machine thread while writes go on into the log.
 */
final class DatabaseSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSnapshots.class);
    /** Saved logs beyond this many bytes per byte of the full copy make the next snapshot a full one. */
    private static final double MAX_WAL_RATIO = 0.5;
    private static final int MAX_WALS = 32;

    /** What the start-up preparation found; {@code index} is -1 when there was no snapshot. */
    record Startup(long index, boolean reused) {
        static final Startup NONE = new Startup(-1, false);
    }

    private final StoreConfig config;
    private final StoreCounters counters;
    private final ExecutorService copier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jrqlite-snapshot-copy");
        t.setDaemon(true);
        return t;
    });
    /** Held while the database file is being copied: nothing may change the file meanwhile. */
    private final Semaphore fileInUse = new Semaphore(1);
    private Database db;
    private Startup startup = Startup.NONE;
    /** When the snapshot being saved began, for its log line (one save at a time). */
    private volatile long saveStarted;
    /** The snapshot index the database file holds, when the write-ahead log holds exactly what came after it. */
    private volatile long fileIndex = -1;
    private volatile boolean forceFull;
    private final AtomicReference<PendingBoot> pendingBoot = new AtomicReference<>();
    private volatile ChainShape lastShape = ChainShape.EMPTY;

    /** The number of full copies and saved logs in the latest snapshot. */
    record ChainShape(int files, int wals) {
        static final ChainShape EMPTY = new ChainShape(0, 0);
    }

    DatabaseSnapshots(StoreConfig config, StoreCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    /**
     * Before the database opens: reuses the database file when it matches the latest snapshot (its stale
     * write-ahead log is dropped: the log after the snapshot is replayed instead), otherwise rebuilds it from the
     * snapshot. Without a snapshot the file is deleted, since the whole log will be replayed.
     */
    Startup prepare() throws IOException {
        Path dbFile = config.databaseFile();
        Optional<Path> latest = SnapshotChain.latestCommitted(config.snapshotDir());
        if (latest.isEmpty()) {
            CleanSnapshot.delete(config.dataDir());
            deleteDatabaseFiles(dbFile);
            return startup = Startup.NONE;
        }
        // Read before anything is deleted: a snapshot we cannot use stops the start with the file still there.
        SnapshotChain chain = SnapshotChain.read(latest.get());
        long index = snapshotIndex(latest.get());
        lastShape = shapeOf(chain);
        Optional<CleanSnapshot> clean = CleanSnapshot.read(config.dataDir());
        deleteSidecars(dbFile);
        if (clean.isPresent() && clean.get().index() == index && clean.get().matches(dbFile)) {
            if (clean.get().contentMatches(dbFile)) {
                LOG.info("database file matches the snapshot at index {}: reusing it", index);
                fileIndex = index;
                return startup = new Startup(index, true);
            }
            LOG.warn("database file changed behind its fingerprint (checksum mismatch): rebuilding it");
        }
        CleanSnapshot.delete(config.dataDir());
        deleteDatabaseFiles(dbFile);
        long started = System.nanoTime();
        Path tmp = config.dataDir().resolve("restore.tmp");
        try {
            chain.materialize(tmp);
        } catch (SQLException e) {
            throw new IOException("cannot rebuild the database from snapshot " + latest.get() + ": "
                    + e.getMessage(), e);
        }
        Files.move(tmp, dbFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        CleanSnapshot.of(dbFile, index).write(config.dataDir());
        fileIndex = index;
        LOG.info("database rebuilt from the snapshot at index {} in {} ms", index,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return startup = new Startup(index, false);
    }

    void attach(Database database) {
        this.db = database;
    }

    /** The next snapshot copies the whole database (after a load or boot, or to consolidate now). */
    void forceFull() {
        forceFull = true;
    }

    /**
     * The next snapshot, whoever asks for it, first replaces the database with {@code file} (a single-node boot);
     * the future completes once that snapshot is committed, or fails with the reason it could not be.
     */
    CompletableFuture<Void> bootFrom(Path file) {
        PendingBoot boot = new PendingBoot(file, new CompletableFuture<>());
        pendingBoot.set(boot);
        return boot.outcome();
    }

    /** Withdraws a boot no snapshot has taken up yet; false when one has (then wait for its outcome). */
    boolean cancelBoot(CompletableFuture<Void> outcome) {
        PendingBoot boot = pendingBoot.get();
        return boot != null && boot.outcome() == outcome && pendingBoot.compareAndSet(boot, null);
    }

    private record PendingBoot(Path file, CompletableFuture<Void> outcome) {
    }

    ChainShape shape() {
        return lastShape;
    }

    /** Called on the state-machine thread; {@code done} may run later, from the copying thread. */
    void save(SnapshotWriter writer, Closure saved) {
        saveStarted = System.nanoTime();
        long index = writer.getCurrentMeta().getLastIncludedIndex();
        Path out = Path.of(writer.getPath());
        PendingBoot boot = pendingBoot.getAndSet(null);
        Closure done = boot == null ? saved : status -> {
            saved.run(status);
            finishBoot(boot, status, index);
        };
        try {
            if (boot != null) {
                BatchResult replaced = replaceWith(boot.file());
                if (!replaced.getError().isEmpty()) {
                    throw new IOException("boot failed: " + replaced.getError());
                }
                counters.numBoots.incrementAndGet();
                LOG.info("database replaced by a booted file");
            }
            if (config.inMemory()) {
                saveSerialized(writer, out, index, done);
                return;
            }
            Optional<SnapshotChain> previous = previousChain();
            long walSize = db.walSize();
            if (!forceFull && previous.isPresent() && previous.get().lastIndex() == fileIndex
                    && previous.get().walIndexes().size() < MAX_WALS
                    && previous.get().walBytes() + walSize <= previous.get().baseBytes() * MAX_WAL_RATIO) {
                saveIncremental(writer, out, previous.get(), index, done);
            } else {
                saveFull(writer, out, index, done, boot != null);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            fail(done, e);
        }
    }

    /**
     * A boot is acknowledged once its snapshot is committed; until then the state-machine thread waits here, so
     * nothing is applied on top of booted data that a crash could still take back.
     */
    private void finishBoot(PendingBoot boot, Status status, long index) {
        if (!status.isOk()) {
            boot.outcome().completeExceptionally(new IOException(status.getErrorMsg()));
            return;
        }
        Path committed = config.snapshotDir().resolve("snapshot_" + index).resolve(SnapshotChain.RAFT_META);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(committed) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        if (Files.exists(committed)) {
            boot.outcome().complete(null);
        } else {
            boot.outcome().completeExceptionally(new IOException("the boot's snapshot was not committed"));
        }
    }

    /** The latest committed snapshot's chain, when it can be extended. */
    private Optional<SnapshotChain> previousChain() {
        try {
            Optional<Path> latest = SnapshotChain.latestCommitted(config.snapshotDir());
            return latest.isPresent() ? Optional.of(SnapshotChain.read(latest.get())) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("the last snapshot cannot be extended, taking a full one: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void saveIncremental(SnapshotWriter writer, Path out, SnapshotChain previous, long index, Closure done)
            throws IOException, SQLException {
        for (String name : previous.fileNames()) {
            if (!name.equals(SnapshotChain.MANIFEST)) {
                Files.createLink(out.resolve(name), previous.dir().resolve(name));
            }
        }
        Path wal = db.walFile();
        Path savedWal = out.resolve(SnapshotChain.walName(index));
        if (Files.exists(wal)) {
            SnapshotChain.copyWithChecksum(wal, savedWal);
        } else {
            Files.createFile(savedWal); // nothing written since: an empty log keeps the chain unbroken
            SnapshotChain.writeChecksum(savedWal, 0);
        }
        checkpoint(index);
        SnapshotChain chain = new SnapshotChain(out, previous.baseIndex(),
                append(previous.walIndexes(), index));
        if (addFiles(writer, chain, done)) {
            counters.numSnapshotsIncremental.incrementAndGet();
            finished(chain, index, done);
        }
    }

    private void saveFull(SnapshotWriter writer, Path out, long index, Closure done, boolean synchronous)
            throws IOException, SQLException {
        checkpoint(index);
        forceFull = false;
        SnapshotChain chain = new SnapshotChain(out, index, List.of());
        fileInUse.acquireUninterruptibly();
        Runnable copy = () -> {
            try {
                SnapshotChain.copyWithChecksum(config.databaseFile(), chain.base());
                if (addFiles(writer, chain, done)) {
                    counters.numSnapshotsFull.incrementAndGet();
                    finished(chain, index, done);
                }
            } catch (IOException | RuntimeException e) {
                fail(done, e);
            } finally {
                fileInUse.release();
            }
        };
        if (synchronous) {
            copy.run();
        } else {
            // The file will not change until the next checkpoint, which waits for this copy: writes go on meanwhile.
            copier.execute(copy);
        }
    }

    private void saveSerialized(SnapshotWriter writer, Path out, long index, Closure done)
            throws IOException, SQLException {
        SnapshotChain chain = new SnapshotChain(out, index, List.of());
        Files.deleteIfExists(chain.base());
        Path serialized = out.resolve("serialized.tmp");
        Files.deleteIfExists(serialized);
        db.backup(serialized, BackupFormat.DELETE, List.of()); // RAM has no write-ahead log
        SnapshotChain.copyWithChecksum(serialized, chain.base());
        Files.delete(serialized);
        forceFull = false;
        if (addFiles(writer, chain, done)) {
            counters.numSnapshotsFull.incrementAndGet();
            finished(chain, index, done);
        }
    }

    /** Empties the write-ahead log into the database file and records that the file now holds {@code index}. */
    private void checkpoint(long index) throws IOException, SQLException {
        CleanSnapshot.delete(config.dataDir());
        fileInUse.acquireUninterruptibly();
        try {
            fileIndex = -1;
            if (!db.checkpointTruncate()) {
                // Part of the log may be in the file now, and SQLite may restart the log: the chain is broken.
                throw new IOException("readers kept the write-ahead log from being checkpointed; will retry");
            }
            SnapshotChain.fsync(config.databaseFile());
            CleanSnapshot.of(config.databaseFile(), index).write(config.dataDir());
            fileIndex = index;
        } finally {
            fileInUse.release();
        }
    }

    private static boolean addFiles(SnapshotWriter writer, SnapshotChain chain, Closure done) throws IOException {
        chain.writeManifest();
        for (String name : chain.fileNames()) {
            if (!writer.addFile(name)) {
                done.run(new Status(RaftError.EAGAIN, "cannot add %s to the snapshot", name));
                return false;
            }
        }
        return true;
    }

    private void finished(SnapshotChain chain, long index, Closure done) {
        lastShape = shapeOf(chain);
        counters.numSnapshots.incrementAndGet();
        LOG.info("snapshot taken at index {}: {}, {} ms", index, chain.walIndexes().isEmpty() ? "full" : "incremental",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saveStarted));
        done.run(Status.OK());
    }

    /**
     * A failed snapshot is retried later (the next one is a full one); jraft would stop the node on EIO, so every
     * failure is reported as EAGAIN.
     */
    private static void fail(Closure done, Exception e) {
        LOG.warn("snapshot failed: {}", e.getMessage());
        done.run(new Status(RaftError.EAGAIN, "snapshot failed: %s", String.valueOf(e.getMessage())));
    }

    /**
     * Replaces the database with a snapshot's: at start (where {@link #prepare()} has usually done the work
     * already) or when a leader sends its snapshot.
     */
    boolean load(SnapshotReader reader, boolean starting) {
        Path dir = Path.of(reader.getPath());
        var meta = reader.load();
        long index = meta == null ? -1 : meta.getLastIncludedIndex();
        try {
            if (starting && startup.index() == index && !config.inMemory()) {
                (startup.reused() ? counters.numRestoresStartSkipped : counters.numRestoresStart).incrementAndGet();
                if (!startup.reused()) {
                    counters.numRestores.incrementAndGet();
                }
                return true;
            }
            SnapshotChain chain = SnapshotChain.read(dir);
            Path tmp = config.dataDir().resolve("restore.tmp");
            chain.materialize(tmp);
            try {
                BatchResult r = replaceWith(tmp);
                if (!r.getError().isEmpty()) {
                    LOG.error("snapshot restore failed: {}", r.getError());
                    return false;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (!config.inMemory()) {
                try {
                    checkpoint(index);
                } catch (IOException | SQLException e) {
                    // The database is restored; only the next snapshot's kind and the next start's speed suffer.
                    LOG.warn("after the restore: {}", e.getMessage());
                }
            }
            lastShape = shapeOf(chain);
            counters.numRestores.incrementAndGet();
            if (starting) {
                counters.numRestoresStart.incrementAndGet();
            }
            LOG.info("database restored from the snapshot at index {}", index);
            return true;
        } catch (IOException | SQLException e) {
            LOG.error("snapshot restore failed: {}", e.getMessage());
            return false;
        }
    }

    /** Replaces the whole database with {@code file}; the next snapshot is a full one. */
    BatchResult replaceWith(Path file) throws IOException {
        CleanSnapshot.delete(config.dataDir());
        fileInUse.acquireUninterruptibly();
        try {
            fileIndex = -1;
            forceFull = true;
            return db.load(file);
        } finally {
            fileInUse.release();
        }
    }

    /**
     * After the database has closed: adds the file's checksum to its fingerprint, so the next start can tell a file
     * damaged in place (same size and time) from a good one. Only at a stop: reading the whole file at every
     * snapshot would cost more than the snapshot.
     */
    void sealFingerprint() {
        if (config.inMemory()) {
            return;
        }
        Path dbFile = config.databaseFile();
        try {
            Optional<CleanSnapshot> clean = CleanSnapshot.read(config.dataDir());
            if (clean.isPresent() && clean.get().crc32() == 0 && clean.get().matches(dbFile)) {
                clean.get().withChecksum(dbFile).write(config.dataDir());
            }
        } catch (IOException e) {
            LOG.warn("cannot add a checksum to the fingerprint: {}", e.getMessage());
        }
    }

    /** Waits for a copy in progress, so the database can close. */
    void close() {
        try {
            if (fileInUse.tryAcquire(60, TimeUnit.SECONDS)) {
                fileInUse.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        copier.shutdown();
    }

    private static ChainShape shapeOf(SnapshotChain chain) {
        return new ChainShape(1 + chain.walIndexes().size(), chain.walIndexes().size());
    }

    private static List<Long> append(List<Long> list, long value) {
        List<Long> copy = new java.util.ArrayList<>(list);
        copy.add(value);
        return copy;
    }

    private static long snapshotIndex(Path dir) {
        return Long.parseLong(dir.getFileName().toString().substring("snapshot_".length()));
    }

    private static void deleteSidecars(Path dbFile) throws IOException {
        Files.deleteIfExists(Path.of(dbFile + "-wal"));
        Files.deleteIfExists(Path.of(dbFile + "-shm"));
    }

    private static void deleteDatabaseFiles(Path dbFile) throws IOException {
        Files.deleteIfExists(dbFile);
        deleteSidecars(dbFile);
    }
}
