package io.jrqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PragmaGuardTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "PRAGMA journal_mode=DELETE",
        "pragma JOURNAL_MODE = wal",
        "  \n\tPRAGMA journal_mode =delete",
        "PRAGMA main.journal_mode=DELETE",
        "PRAGMA main . journal_mode = DELETE",
        "PRAGMA \"main\".\"journal_mode\" = DELETE",
        "PRAGMA journal_mode(DELETE)",
        "PRAGMA wal_autocheckpoint=1000",
        "PRAGMA Wal_AutoCheckpoint = 0",
        "PRAGMA main.wal_autocheckpoint = 0",
        "PRAGMA wal_checkpoint",
        "PRAGMA wal_checkpoint;",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA main.wal_checkpoint(FULL)",
        "PRAGMA wal_checkpoint = PASSIVE",
        "PRAGMA synchronous=OFF",
        "PRAGMA temp.synchronous = 0",
        "PRAGMA synchronous(2)",
        "PRAGMA query_only=1",
        "PRAGMA aux.query_only = true",
        "/* note */ PRAGMA synchronous=OFF",
        "-- note\nPRAGMA synchronous=OFF",
        "SELECT 1; PRAGMA journal_mode=MEMORY",
        "PRAGMA journal_mode; PRAGMA synchronous=OFF",
        "PRAGMA 'query_only' = 1",
        "PRAGMA [synchronous] = 1",
    })
    void refuses(String sql) {
        assertThat(PragmaGuard.isDisallowed(sql)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "PRAGMA journal_mode",
        "PRAGMA main.journal_mode",
        "PRAGMA wal_autocheckpoint",
        "PRAGMA synchronous;",
        "PRAGMA query_only",
        "PRAGMA foreign_keys = ON",
        "PRAGMA table_info(t)",
        "PRAGMA main.cache_size = 100",
        "PRAGMA",
        "PRAGMA main.",
        "PRAGMA 1 = 2",
        "SELECT 'PRAGMA journal_mode=DELETE'",
        "SELECT 1 -- PRAGMA synchronous=OFF",
        "/* PRAGMA wal_checkpoint */ SELECT 1",
        "INSERT INTO pragma_log VALUES ('wal_checkpoint')",
        "SELECT * FROM pragma_journal_mode",
        "SELECT journal_mode = 1 FROM t",
        "CREATE TABLE journal_mode(x)",
        "",
        "PRAGMA synchronous_x = 1",
    })
    void allows(String sql) {
        assertThat(PragmaGuard.isDisallowed(sql)).isFalse();
    }
}
