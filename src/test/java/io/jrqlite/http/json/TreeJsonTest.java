package io.jrqlite.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeJsonTest {

    private static String json(Object tree, boolean pretty) {
        return new String(TreeJson.toJson(tree, pretty), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> node() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", "1");
        n.put("api_addr", "http://localhost:4001");
        n.put("addr", "localhost:4002");
        n.put("version", "v10.0.0");
        n.put("voter", true);
        n.put("reachable", true);
        n.put("leader", true);
        n.put("time", 0.000041);
        n.put("time_s", "41µs");
        return n;
    }

    @Test
    void compactKeepsMapOrder() {
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodes.put("1", node());
        assertThat(json(nodes, false)).isEqualTo("{\"1\":{\"id\":\"1\",\"api_addr\":\"http://localhost:4001\","
                + "\"addr\":\"localhost:4002\",\"version\":\"v10.0.0\",\"voter\":true,\"reachable\":true,"
                + "\"leader\":true,\"time\":0.000041,\"time_s\":\"41µs\"}}");
    }

    @Test
    void prettyNested() {
        Map<String, Object> store = new TreeMap<>();
        store.put("raft", Map.of("state", "Leader"));
        store.put("nodes", List.of(Map.of("id", "1")));
        store.put("open", Map.of());
        store.put("snapshots", List.of());
        store.put("fsm_index", 42L);
        Map<String, Object> status = new TreeMap<>();
        status.put("store", store);
        assertThat(json(status, true)).isEqualTo("""
                {
                    "store": {
                        "fsm_index": 42,
                        "nodes": [
                            {
                                "id": "1"
                            }
                        ],
                        "open": {},
                        "raft": {
                            "state": "Leader"
                        },
                        "snapshots": []
                    }
                }""");
    }

    @Test
    void scalarTypes() {
        List<Object> values = Arrays.asList(null, "a<b", 1, 2L, (short) 3, (byte) 4, 1.5, 20.0,
                new BigInteger("123456789012345678901234567890"), new byte[] {1, 2, 3}, false,
                new Object[] {"x"}, new TreeJson.Func(List.of(1)), Double.NaN);
        assertThat(json(values, false)).isEqualTo("[null,\"a\\u003cb\",1,2,3,4,1.5,20,"
                + "123456789012345678901234567890,\"AQID\",false,[\"x\"],[1],null]");
    }

    @Test
    void unknownTypeIsRejected() {
        assertThatThrownBy(() -> TreeJson.toJson(new Object(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expvarPage() {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("num_snapshots", 2L);
        store.put("num_restores", 0L);
        store.put("leader_changes", new TreeMap<>(Map.of("b", 1, "a", 2)));
        vars.put("store", store);
        vars.put("cmdline", new TreeJson.Func(List.of("rqlited", "-node-id", "1", "data")));
        vars.put("memstats", new TreeJson.Func(new LinkedHashMap<>(Map.of("Alloc", 1024L))));
        vars.put("http", Map.of());
        vars.put("ratio", 1.5e6);
        vars.put("name", "a\bb");
        assertThat(new String(TreeJson.expvar(vars), StandardCharsets.UTF_8)).isEqualTo("""
                {
                "cmdline": ["rqlited","-node-id","1","data"],
                "http": {},
                "memstats": {"Alloc":1024},
                "name": "a\\u0008b",
                "ratio": 1.5e+06,
                "store": {"leader_changes": {"a": 2, "b": 1}, "num_restores": 0, "num_snapshots": 2}
                }
                """);
    }

    @Test
    void expvarEmpty() {
        assertThat(new String(TreeJson.expvar(Map.of()), StandardCharsets.UTF_8)).isEqualTo("{\n\n}\n");
    }
}
