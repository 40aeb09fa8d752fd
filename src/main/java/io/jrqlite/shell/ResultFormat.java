package io.jrqlite.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns one query result ({@code columns}, {@code values}) into text for an output mode. */
enum ResultFormat {
    COLUMN, CSV, JSON, LINE;

    static ResultFormat of(String name) {
        for (ResultFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The text for a result, each line ending in a newline. */
    String format(Map<String, Object> result) {
        List<String> columns = strings(result.get("columns"));
        List<List<String>> rows = new ArrayList<>();
        if (result.get("values") instanceof List<?> values) {
            for (Object row : values) {
                rows.add(row instanceof List<?> cells ? cells.stream().map(Json::cell).toList() : List.of());
            }
        }
        return switch (this) {
            case COLUMN -> column(columns, rows);
            case CSV -> csv(columns, rows);
            case JSON -> Json.write(result, true) + "\n";
            case LINE -> line(columns, rows);
        };
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(Json::cell).toList() : List.of();
    }

    /** A ruled table: +---+ borders above and below the header and below the last row. */
    private static String column(List<String> columns, List<List<String>> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<String> r : rows) {
                if (i < r.size()) {
                    width[i] = Math.max(width[i], r.get(i).length());
                }
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        rule.append('\n');
        StringBuilder out = new StringBuilder(rule);
        appendRow(out, columns, width);
        out.append(rule);
        for (List<String> r : rows) {
            appendRow(out, r, width);
        }
        if (!rows.isEmpty()) {
            out.append(rule);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] width) {
        out.append('|');
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            out.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
        }
        out.append('\n');
    }

    private static String csv(List<String> columns, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        csvRow(out, columns);
        for (List<String> r : rows) {
            csvRow(out, r);
        }
        return out.toString();
    }

    private static void csvRow(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String c = cells.get(i);
            boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
            out.append(quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        out.append('\n');
    }

    /** One {@code name = value} line per column, names right-aligned, a blank line between rows. */
    private static String line(List<String> columns, List<List<String>> rows) {
        int w = columns.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.append('\n');
            }
            List<String> cells = rows.get(r);
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i);
                out.append(" ".repeat(w - name.length())).append(name).append(" = ")
                        .append(i < cells.size() ? cells.get(i) : "").append('\n');
            }
        }
        return out.toString();
    }
}
