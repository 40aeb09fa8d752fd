package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeJsonTest {

    @Test
    void readsTheStoreCountersOfDebugVars() throws Exception {
        String vars = """
                {
                "cmdline": ["rqlited","-node-id","n1"],
                "http": {"backups": 3, "user_snapshots": 2},
                "memstats": {"Alloc":11193176,"NumGC":4},
                "store": {"num_restores": 0, "num_restores_start": 1, "num_restores_start_skipped": 0,
                          "num_snapshots": 7}
                }
                """;
        assertThat(NodeJson.storeCounters(vars))
                .containsEntry("num_restores_start", 1L)
                .containsEntry("num_restores_start_skipped", 0L)
                .containsEntry("num_snapshots", 7L)
                .doesNotContainKey("backups");
    }

    @Test
    void noStoreObjectGivesNoCounters() throws Exception {
        assertThat(NodeJson.storeCounters("{\"http\": {\"backups\": 1}}")).isEmpty();
    }

    @Test
    void readsACount() throws Exception {
        String r = "{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[100000]]}]}";
        assertThat(NodeJson.firstInteger(r)).hasValue(100000);
    }

    @Test
    void anErrorOrNoRowsIsNoCount() throws Exception {
        assertThat(NodeJson.firstInteger("{\"results\":[{\"error\":\"no such table: r\"}]}")).isEmpty();
        assertThat(NodeJson.firstInteger("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"]}]}")).isEmpty();
        assertThat(NodeJson.firstInteger("{\"results\":[{\"values\":[[\"text\"]]}]}")).isEmpty();
    }
}
