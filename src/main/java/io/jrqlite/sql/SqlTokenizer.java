package io.jrqlite.sql;

import io.jrqlite.sql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens following SQLite's lexical rules closely enough to tell strings, comments and quoted
 * identifiers apart from code. It never throws: anything SQLite would reject becomes an {@link Kind#INVALID} token,
 * and an unterminated string, identifier or comment is one token running to the end of the input.
 *
 * <p>Used as a cursor ({@link #next()}) so that huge statements are scanned without materialising a token list.
 * Not thread-safe; create one per string.
 */
final class SqlTokenizer {

    private final String sql;
    private int pos;

    SqlTokenizer(String sql) {
        this.sql = sql;
    }

    /** All tokens of {@code sql}, trivia included; their spans cover the whole string. */
    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        for (Token t = tokenizer.next(); t != null; t = tokenizer.next()) {
            tokens.add(t);
        }
        return tokens;
    }

    /** The next token, or null at the end of the input. */
    Token next() {
        if (pos >= sql.length()) {
            return null;
        }
        int start = pos;
        Kind kind = scan();
        return new Token(kind, start, pos);
    }

    /** The next token that is not whitespace or a comment, or null at the end of the input. */
    Token nextSignificant() {
        Token t = next();
        while (t != null && t.isTrivia()) {
            t = next();
        }
        return t;
    }

    /** Scans one token starting at {@code pos}, leaves {@code pos} just after it and returns its kind. */
    private Kind scan() {
        char c = sql.charAt(pos);
        switch (c) {
            case ' ', '\t', '\n', '\f', '\r' -> {
                pos++;
                while (pos < sql.length() && isSpace(sql.charAt(pos))) {
                    pos++;
                }
                return Kind.WHITESPACE;
            }
            case '-' -> {
                if (peek(1) == '-') {
                    int nl = sql.indexOf('\n', pos + 2);
                    pos = nl < 0 ? sql.length() : nl;
                    return Kind.LINE_COMMENT;
                }
                pos += peek(1) == '>' ? (peek(2) == '>' ? 3 : 2) : 1;
                return Kind.OPERATOR;
            }
            case '/' -> {
                if (peek(1) == '*') {
                    int close = sql.indexOf("*/", pos + 2);
                    pos = close < 0 ? sql.length() : close + 2;
                    return Kind.BLOCK_COMMENT;
                }
                pos++;
                return Kind.OPERATOR;
            }
            case '\'' -> {
                return quoted('\'', Kind.STRING);
            }
            case '"' -> {
                return quoted('"', Kind.QUOTED_IDENTIFIER);
            }
            case '`' -> {
                return quoted('`', Kind.QUOTED_IDENTIFIER);
            }
            case '[' -> {
                int close = sql.indexOf(']', pos + 1);
                pos = close < 0 ? sql.length() : close + 1;
                return close < 0 ? Kind.INVALID : Kind.QUOTED_IDENTIFIER;
            }
            case '(' -> {
                pos++;
                return Kind.LEFT_PAREN;
            }
            case ')' -> {
                pos++;
                return Kind.RIGHT_PAREN;
            }
            case ',' -> {
                pos++;
                return Kind.COMMA;
            }
            case ';' -> {
                pos++;
                return Kind.SEMICOLON;
            }
            case '.' -> {
                if (isDigit(peek(1))) {
                    return number();
                }
                pos++;
                return Kind.DOT;
            }
            case '?' -> {
                pos++;
                while (isDigit(peek(0))) {
                    pos++;
                }
                return Kind.VARIABLE;
            }
            case ':', '@', '$' -> {
                pos++;
                int nameStart = pos;
                while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
                    pos++;
                }
                return pos > nameStart ? Kind.VARIABLE : Kind.INVALID;
            }
            case '|', '<', '>', '=', '!' -> {
                return comparisonOrConcat(c);
            }
            case '+', '*', '%', '&', '~' -> {
                pos++;
                return Kind.OPERATOR;
            }
            case 'x', 'X' -> {
                if (peek(1) == '\'') {
                    return blob();
                }
                return word();
            }
            default -> {
                if (isDigit(c)) {
                    return number();
                }
                if (isIdentifierStart(c)) {
                    return word();
                }
                pos++;
                return Kind.INVALID;
            }
        }
    }

    private Kind comparisonOrConcat(char c) {
        char n = peek(1);
        int len = switch (c) {
            case '|' -> n == '|' ? 2 : 1;
            case '<' -> n == '=' || n == '>' || n == '<' ? 2 : 1;
            case '>' -> n == '=' || n == '>' ? 2 : 1;
            case '=' -> n == '=' ? 2 : 1;
            default -> n == '=' ? 2 : 0; // '!' alone is not an operator
        };
        if (len == 0) {
            pos++;
            return Kind.INVALID;
        }
        pos += len;
        return Kind.OPERATOR;
    }

    /** A quoted token where a doubled quote character stands for itself. */
    private Kind quoted(char quote, Kind kind) {
        int i = pos + 1;
        while (true) {
            int q = sql.indexOf(quote, i);
            if (q < 0) {
                pos = sql.length();
                return Kind.INVALID;
            }
            if (q + 1 < sql.length() && sql.charAt(q + 1) == quote) {
                i = q + 2;
                continue;
            }
            pos = q + 1;
            return kind;
        }
    }

    /** {@code x'..'}: valid only with an even number of hex digits, as SQLite requires. */
    private Kind blob() {
        int close = sql.indexOf('\'', pos + 2);
        if (close < 0) {
            pos = sql.length();
            return Kind.INVALID;
        }
        boolean valid = (close - pos - 2) % 2 == 0;
        for (int i = pos + 2; valid && i < close; i++) {
            valid = isHexDigit(sql.charAt(i));
        }
        pos = close + 1;
        return valid ? Kind.BLOB : Kind.INVALID;
    }

    private Kind number() {
        boolean valid = true;
        if (sql.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHexDigit(peek(2))) {
            pos += 2;
            while (isHexDigit(peek(0)) || peek(0) == '_') {
                pos++;
            }
        } else {
            digits();
            if (peek(0) == '.') {
                pos++;
                digits();
            }
            if (peek(0) == 'e' || peek(0) == 'E') {
                int save = pos;
                pos++;
                if (peek(0) == '+' || peek(0) == '-') {
                    pos++;
                }
                if (isDigit(peek(0))) {
                    digits();
                } else {
                    pos = save + 1; // "1e" is malformed: keep the 'e' in this token and flag it
                    valid = false;
                }
            }
        }
        // SQLite rejects a number glued to an identifier ("12abc"); swallow the rest so it is one bad token.
        while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
            valid = false;
        }
        return valid ? Kind.NUMBER : Kind.INVALID;
    }

    private void digits() {
        while (isDigit(peek(0)) || (peek(0) == '_' && isDigit(peek(1)))) {
            pos++;
        }
    }

    private Kind word() {
        pos++;
        while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        return Kind.WORD;
    }

    /** The character {@code ahead} positions after {@code pos}, or NUL past the end. */
    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** SQLite treats every non-ASCII character as an identifier character. */
    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }
}
