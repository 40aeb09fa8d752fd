package io.jrqlite.store;

import com.alipay.sofa.jraft.storage.impl.RocksDBLogStorage;
import com.alipay.sofa.jraft.util.StorageOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.util.SizeUnit;

/**
 * Small RocksDB memtables for the Raft log: jraft's defaults size them for big servers, and a node's RSS grows by
 * hundreds of MB under load with them. Measured: no loss of write throughput at 4 MB × 2.
 */
final class LogStorageTuning {

    private static boolean applied;

    private LogStorageTuning() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        ColumnFamilyOptions cf = StorageOptionsFactory.getDefaultRocksDBColumnFamilyOptions();
        cf.setWriteBufferSize(4 * SizeUnit.MB);
        cf.setMaxWriteBufferNumber(2);
        StorageOptionsFactory.registerRocksDBColumnFamilyOptions(RocksDBLogStorage.class, cf);
        applied = true;
    }
}
