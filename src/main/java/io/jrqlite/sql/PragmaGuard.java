package io.jrqlite.sql;

import io.jrqlite.sql.Token.Kind;

/**
 * Recognises the PRAGMAs a client may not run because rqlite owns the setting: the journal mode, WAL checkpointing
 * and autocheckpointing, the synchronous level and query_only. Setting any of them is refused; reading them is
 * fine, except {@code wal_checkpoint}, which acts even without a value.
 *
 * <p>Compared with rqlite's patterns (leading whitespace, then {@code PRAGMA [schema.]name =}) this also catches a
 * pragma after leading comments or after another statement in the same string, a quoted pragma name, a schema
 * prefix on {@code wal_autocheckpoint}, and the call form {@code PRAGMA synchronous(0)}, which sets the value just
 * as {@code =} does.
 */
public final class PragmaGuard {

    private PragmaGuard() {
    }

    /** True if any statement in {@code sql} sets a protected pragma or runs a WAL checkpoint. */
    public static boolean isDisallowed(String sql) {
        if (!mentionsPragma(sql)) {
            return false;
        }
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        boolean statementStart = true;
        for (Token t = tokenizer.nextSignificant(); t != null; t = tokenizer.nextSignificant()) {
            if (statementStart && t.isWord(sql, "pragma")) {
                Token last = checkPragma(sql, tokenizer);
                if (last == DISALLOWED) {
                    return true;
                }
                statementStart = last == null || last.kind() == Kind.SEMICOLON;
            } else {
                statementStart = t.kind() == Kind.SEMICOLON;
            }
        }
        return false;
    }

    /** Marker returned by {@link #checkPragma} for a refused pragma. */
    private static final Token DISALLOWED = new Token(Kind.INVALID, -1, -1);

    /**
     * Reads what follows PRAGMA: {@code [schema .] name} and the next token. Returns {@link #DISALLOWED}, or the last
     * token read (null at the end) so the caller can tell whether it was a semicolon.
     */
    private static Token checkPragma(String sql, SqlTokenizer tokenizer) {
        Token name = tokenizer.nextSignificant();
        if (!isName(name)) {
            return name;
        }
        Token next = tokenizer.nextSignificant();
        if (next != null && next.kind() == Kind.DOT) {
            name = tokenizer.nextSignificant();
            if (!isName(name)) {
                return name;
            }
            next = tokenizer.nextSignificant();
        }
        String pragma = unquote(sql, name);
        boolean sets = next != null && (next.kind() == Kind.LEFT_PAREN
            || (next.kind() == Kind.OPERATOR && next.length() == 1 && sql.charAt(next.start()) == '='));
        boolean disallowed = switch (pragma) {
            case "wal_checkpoint" -> true;
            case "journal_mode", "wal_autocheckpoint", "synchronous", "query_only" -> sets;
            default -> false;
        };
        return disallowed ? DISALLOWED : next;
    }

    private static boolean isName(Token t) {
        return t != null && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENTIFIER || t.kind() == Kind.STRING);
    }

    /** The name a word or quoted token stands for, lower-cased (ASCII); doubled quotes are not expected here. */
    private static String unquote(String sql, Token t) {
        String text = t.kind() == Kind.WORD ? t.text(sql) : sql.substring(t.start() + 1, t.end() - 1);
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    private static boolean mentionsPragma(String sql) {
        for (int i = 0, n = sql.length() - 5; i < n; i++) {
            char c = sql.charAt(i);
            if ((c == 'p' || c == 'P') && Token.matchesIgnoreAsciiCase(sql, i, "pragma")) {
                return true;
            }
        }
        return false;
    }
}
