package io.jrqlite.shell;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints a JSON object as indented {@code key: value} lines, keys sorted, nested objects one level deeper. */
final class KeyValues {

    private KeyValues() {
    }

    static String format(Map<?, ?> map) {
        StringBuilder out = new StringBuilder();
        append(out, map, "");
        return out.toString();
    }

    private static void append(StringBuilder out, Map<?, ?> map, String indent) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> child) {
                out.append(indent).append(e.getKey()).append(":\n");
                append(out, child, indent + "  ");
            } else if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Map.class::isInstance)) {
                out.append(indent).append(e.getKey()).append(":\n");
                for (int i = 0; i < l.size(); i++) {
                    out.append(indent).append("  ").append(i).append(":\n");
                    append(out, (Map<?, ?>) l.get(i), indent + "    ");
                }
            } else {
                out.append(indent).append(e.getKey()).append(": ").append(Json.cell(v)).append('\n');
            }
        }
    }
}
