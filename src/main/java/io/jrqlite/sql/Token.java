package io.jrqlite.sql;

/**
 * One lexical token of an SQL string: its kind and its character span {@code [start, end)} in that string.
 * A token does not hold the text, so callers pass the string back in to inspect it.
 */
record Token(Kind kind, int start, int end) {

    enum Kind {
        WHITESPACE,
        LINE_COMMENT,
        /** A block comment; an unterminated one runs to the end of the input, as in SQLite. */
        BLOCK_COMMENT,
        /** Single-quoted string literal, {@code ''} escapes included. */
        STRING,
        /** A bare word: identifier or keyword. */
        WORD,
        /** A {@code "double"}, {@code `backtick`} or {@code [bracket]} quoted identifier. */
        QUOTED_IDENTIFIER,
        /** A well-formed {@code x'..'} blob literal. */
        BLOB,
        NUMBER,
        /** A bound-parameter placeholder: {@code ?}, {@code ?NNN}, {@code :name}, {@code @name}, {@code $name}. */
        VARIABLE,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        DOT,
        SEMICOLON,
        OPERATOR,
        /**
         * Something SQLite would reject: an unterminated string, quoted identifier or blob (running to the end of
         * the input), a malformed blob or number, or a stray character.
         */
        INVALID
    }

    int length() {
        return end - start;
    }

    String text(String sql) {
        return sql.substring(start, end);
    }

    /** Whitespace and comments carry no meaning for the statement. */
    boolean isTrivia() {
        return kind == Kind.WHITESPACE || kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
    }

    /** True if this is a bare word equal to {@code word} (lower-case ASCII), ignoring ASCII case. */
    boolean isWord(String sql, String word) {
        return kind == Kind.WORD && length() == word.length() && matchesIgnoreAsciiCase(sql, start, word);
    }

    /**
     * True if {@code sql} holds {@code word} at {@code offset}, ignoring ASCII case only. SQLite folds only ASCII
     * letters, so unlike {@link String#regionMatches(boolean, int, String, int, int)} a dotless i or Kelvin sign
     * never matches a keyword. {@code word} must be lower-case ASCII.
     */
    static boolean matchesIgnoreAsciiCase(String sql, int offset, String word) {
        if (offset < 0 || offset + word.length() > sql.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = sql.charAt(offset + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
