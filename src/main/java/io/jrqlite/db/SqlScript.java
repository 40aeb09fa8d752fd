package io.jrqlite.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lexical view of one SQL string: its statements (split on {@code ;} the way SQLite would), each
 * statement's first keyword and its parameters numbered as SQLite numbers them. Nothing is executed.
 *
 * <p>sqlite-jdbc prepares only the first statement of a string and does not expose the tail or
 * {@code sqlite3_bind_parameter_name}, so both are recovered here with SQLite's token rules: quoted
 * strings and identifiers ({@code '…'}, {@code "…"}, {@code `…`}, {@code […]}), comments, and
 * {@code CREATE TRIGGER … BEGIN … END} bodies, whose inner semicolons do not end the statement.
 */
final class SqlScript {

    /**
     * One statement of a script.
     *
     * @param sql          its text, without the terminating semicolon
     * @param firstKeyword its first word, upper-cased (e.g. {@code SELECT}, {@code EXPLAIN})
     * @param paramNames   index i-1 holds the name (with its {@code :}, {@code @} or {@code $} prefix) of
     *                     parameter i, or "" for {@code ?} / {@code ?NNN}; its size is SQLite's
     *                     {@code sqlite3_bind_parameter_count}
     */
    record Piece(String sql, String firstKeyword, List<String> paramNames) {
        int paramCount() {
            return paramNames.size();
        }

        /** SQLite's index of the named parameter spelled exactly {@code name} (prefix included), or 0. */
        int indexOf(String name) {
            for (int i = 0; i < paramNames.size(); i++) {
                if (name.equals(paramNames.get(i))) {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    private SqlScript() {
    }

    /** The non-empty statements of {@code sql}, in order; empty when it holds only blanks and comments. */
    static List<Piece> split(String sql) {
        List<Piece> out = new ArrayList<>(1);
        Builder b = new Builder();
        int n = sql.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ';') {
                if (b.insideTriggerBody()) {
                    i++;
                    continue;
                }
                b.finish(sql, start, i, out);
                b = new Builder();
                start = ++i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
                b.token(null);
            } else if (c == '[') {
                int end = sql.indexOf(']', i);
                i = end < 0 ? n : end + 1;
                b.token(null);
            } else if (c == '?') {
                int j = i + 1;
                while (j < n && isDigit(sql.charAt(j))) {
                    j++;
                }
                b.numberedParam(j > i + 1 ? parseIndex(sql.substring(i + 1, j)) : 0);
                i = j;
            } else if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isIdChar(sql.charAt(i + 1))) {
                int j = c == '$' ? endOfTclName(sql, i + 1) : endOfId(sql, i + 1);
                b.namedParam(sql.substring(i, j));
                i = j;
            } else if (isIdStart(c)) {
                int j = endOfId(sql, i + 1);
                b.token(sql.substring(i, j));
                i = j;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                int j = i + 1;
                while (j < n && (isIdChar(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                b.token(null);
                i = j;
            } else {
                b.token(null);
                i++;
            }
        }
        b.finish(sql, start, n, out);
        return out;
    }

    /** The first keyword of {@code sql} upper-cased, or "" when it has none. */
    static String firstKeyword(String sql) {
        List<Piece> pieces = split(sql);
        return pieces.isEmpty() ? "" : pieces.get(0).firstKeyword();
    }

    private static int skipQuoted(String sql, int i, char quote) {
        int n = sql.length();
        int j = i + 1;
        while (j < n) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return n;
    }

    private static int endOfId(String sql, int j) {
        while (j < sql.length() && isIdChar(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    /** TCL-style {@code $name}: identifier characters and {@code ::}, optionally ending in {@code (…)}. */
    private static int endOfTclName(String sql, int j) {
        int n = sql.length();
        while (j < n) {
            char c = sql.charAt(j);
            if (isIdChar(c)) {
                j++;
            } else if (c == ':' && j + 1 < n && sql.charAt(j + 1) == ':') {
                j += 2;
            } else if (c == '(') {
                int k = j + 1;
                while (k < n && sql.charAt(k) != ')' && !Character.isWhitespace(sql.charAt(k))) {
                    k++;
                }
                return k < n && sql.charAt(k) == ')' ? k + 1 : j;
            } else {
                break;
            }
        }
        return j;
    }

    private static int parseIndex(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // SQLite rejects it at prepare time
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdChar(char c) {
        return isIdStart(c) || isDigit(c) || c == '$';
    }

    /** Accumulates one statement's tokens: keyword state for trigger bodies, and parameter numbering. */
    private static final class Builder {
        private String firstKeyword;
        private boolean anyToken;
        // CREATE [TEMP|TEMPORARY] TRIGGER detection: 0 = at start, 1 = after CREATE, 2 = trigger header,
        // 3 = trigger body (after BEGIN), 4 = body ended, -1 = not a trigger
        private int trigger;
        private int caseDepth;
        private final List<String> names = new ArrayList<>(0);
        private Map<String, Integer> named;

        boolean insideTriggerBody() {
            return trigger == 2 || trigger == 3;
        }

        void token(String word) {
            anyToken = true;
            String w = word == null ? null : word.toUpperCase(Locale.ROOT);
            if (firstKeyword == null) {
                firstKeyword = w == null ? "" : w;
            }
            switch (trigger) {
                case 0 -> {
                    if ("CREATE".equals(w)) {
                        trigger = 1;
                    } else if (!"EXPLAIN".equals(w) && !"QUERY".equals(w) && !"PLAN".equals(w)) {
                        trigger = -1;
                    }
                }
                case 1 -> {
                    if ("TRIGGER".equals(w)) {
                        trigger = 2;
                    } else if (!"TEMP".equals(w) && !"TEMPORARY".equals(w)) {
                        trigger = -1;
                    }
                }
                case 2 -> {
                    if ("BEGIN".equals(w)) {
                        trigger = 3;
                    }
                }
                case 3 -> {
                    if ("CASE".equals(w)) {
                        caseDepth++;
                    } else if ("END".equals(w)) {
                        if (caseDepth > 0) {
                            caseDepth--;
                        } else {
                            trigger = 4;
                        }
                    }
                }
                default -> {
                }
            }
        }

        void numberedParam(int index) {
            token(null);
            if (index <= 0) {
                names.add(null);
            } else {
                while (names.size() < index) {
                    names.add(null);
                }
            }
        }

        void namedParam(String name) {
            token(null);
            if (named == null) {
                named = new HashMap<>();
            }
            if (!named.containsKey(name)) {
                names.add(name);
                named.put(name, names.size());
            }
        }

        void finish(String sql, int start, int end, List<Piece> out) {
            if (anyToken) {
                out.add(new Piece(sql.substring(start, end).strip(), firstKeyword, List.copyOf(nullSafe(names))));
            }
        }

        private static List<String> nullSafe(List<String> names) {
            // List.copyOf rejects nulls; keep positions with an empty marker instead
            List<String> copy = new ArrayList<>(names.size());
            for (String s : names) {
                copy.add(s == null ? "" : s);
            }
            return copy;
        }
    }
}
