package io.jrqlite.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The two answers the figures read from a node's JSON: the {@code store} counters of /debug/vars and a count(*). */
final class NodeJson {

    private static final JsonFactory JSON = new JsonFactory();

    private NodeJson() {
    }

    /** The numeric fields of the top-level {@code "store"} object of /debug/vars; empty when it is missing. */
    static Map<String, Long> storeCounters(String debugVars) throws IOException {
        Map<String, Long> counters = new TreeMap<>();
        try (JsonParser p = JSON.createParser(debugVars)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return counters;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"store".equals(name) || value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        counters.put(key, p.getLongValue());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        return counters;
    }

    /** The first value of the first result's first row, when it is an integer (the answer to a count(*)). */
    static OptionalLong firstInteger(String queryResponse) throws IOException {
        try (JsonParser p = JSON.createParser(queryResponse)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "error".equals(p.currentName())) {
                    return OptionalLong.empty();
                }
                if (t == JsonToken.FIELD_NAME && "values".equals(p.currentName())) {
                    if (p.nextToken() == JsonToken.START_ARRAY && p.nextToken() == JsonToken.START_ARRAY
                            && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        return OptionalLong.of(p.getLongValue());
                    }
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
