package io.jrqlite.sql;

import io.jrqlite.sql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Cheap facts about statement text that need no parser. All methods are static, pure and thread-safe. */
public final class StatementKind {

    private StatementKind() {
    }

    /**
     * True if the first word, after whitespace and comments, is SELECT or VALUES: such a statement is certainly
     * read-only (bar side-effecting functions), so callers can skip asking SQLite. False does not mean it writes.
     */
    public static boolean startsWithSelect(String sql) {
        Token first = new SqlTokenizer(sql).nextSignificant();
        return first != null && (first.isWord(sql, "select") || first.isWord(sql, "values"));
    }

    /** True if {@code sql} holds nothing but whitespace, comments and semicolons. */
    public static boolean isEmpty(String sql) {
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        for (Token t = tokenizer.nextSignificant(); t != null; t = tokenizer.nextSignificant()) {
            if (t.kind() != Kind.SEMICOLON) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits a multi-statement string on its top-level semicolons: not those in strings, comments or quoted
     * identifiers, nor those ending the statements of a {@code CREATE TRIGGER ... BEGIN ... END} body. Returns the
     * statements trimmed and without their terminating semicolon; pieces holding only whitespace and comments are
     * dropped. A statement may still end in a line comment, so append a newline before adding a semicolon.
     */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        int start = 0;
        TriggerTracker trigger = new TriggerTracker(sql);
        for (Token t = tokenizer.nextSignificant(); t != null; t = tokenizer.nextSignificant()) {
            if (t.kind() == Kind.SEMICOLON && !trigger.inBody()) {
                addIfNotEmpty(statements, sql.substring(start, t.start()));
                start = t.end();
                trigger = new TriggerTracker(sql);
            } else {
                trigger.accept(t);
            }
        }
        addIfNotEmpty(statements, sql.substring(start));
        return statements;
    }

    private static void addIfNotEmpty(List<String> statements, String piece) {
        if (!isEmpty(piece)) {
            statements.add(piece.trim());
        }
    }

    /**
     * Follows one statement far enough to know when its semicolons belong to a trigger body: from BEGIN to the END
     * that is not closing a CASE expression.
     */
    private static final class TriggerTracker {
        private final String sql;
        private int index;
        private boolean create;
        private boolean temporary;
        private boolean trigger;
        private boolean body;
        private int caseDepth;

        TriggerTracker(String sql) {
            this.sql = sql;
        }

        boolean inBody() {
            return body;
        }

        void accept(Token t) {
            int i = index++;
            if (i == 0) {
                create = t.isWord(sql, "create");
            } else if (create && i == 1 && (t.isWord(sql, "temp") || t.isWord(sql, "temporary"))) {
                temporary = true;
            } else if (create && i == (temporary ? 2 : 1)) {
                trigger = t.isWord(sql, "trigger");
            } else if (trigger) {
                if (t.isWord(sql, "case")) {
                    caseDepth++;
                } else if (t.isWord(sql, "end")) {
                    if (caseDepth > 0) {
                        caseDepth--;
                    } else {
                        body = false;
                    }
                } else if (t.isWord(sql, "begin") && caseDepth == 0) {
                    body = true;
                }
            }
        }
    }
}
