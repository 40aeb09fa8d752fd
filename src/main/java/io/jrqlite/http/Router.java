package io.jrqlite.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** rqlite's routing: some paths match exactly, others by prefix; everything else is 404. */
final class Router {

    private final Map<String, Endpoint> exact = new HashMap<>();
    private final List<Map.Entry<String, Endpoint>> prefixes = new ArrayList<>();

    Router exact(String path, Endpoint endpoint) {
        exact.put(path, endpoint);
        return this;
    }

    Router prefix(String path, Endpoint endpoint) {
        prefixes.add(Map.entry(path, endpoint));
        return this;
    }

    /** The endpoint for {@code path}, or null. */
    Endpoint route(String path) {
        Endpoint e = exact.get(path);
        if (e != null) {
            return e;
        }
        for (Map.Entry<String, Endpoint> p : prefixes) {
            if (path.startsWith(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }
}
