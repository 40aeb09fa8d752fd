package io.jrqlite.sql;

/**
 * The cheap test that decides whether a statement needs tokenizing at all: one pass over the characters looking for
 * the names of the rewritable functions followed by {@code (}, and for the words {@code returning} and
 * {@code explain}. Like rqlite's lower-cased substring search it can match inside strings, comments and longer
 * names (the tokenizer pass sorts those out); unlike it, whitespace between a name and {@code (} is allowed, so
 * {@code random ()} is rewritten too. A comment between name and parenthesis hides the call.
 */
final class Prefilter {

    static final int RANDOM = 1;
    static final int TIME = 2;
    static final int KEYWORD = 4;

    private static final String[] RANDOM_NAMES = {"random", "randomblob"};
    // "time" also covers datetime and strftime.
    private static final String[] TIME_NAMES = {"time", "date", "julianday", "unixepoch", "timediff"};

    private Prefilter() {
    }

    /**
     * Which kinds of work {@code sql} may need, as a bit set of {@link #RANDOM}, {@link #TIME} and {@link #KEYWORD};
     * zero means the statement can be used as is. Random and time names are only looked for when asked.
     */
    static int scan(String sql, boolean random, boolean time) {
        int wanted = KEYWORD | (random ? RANDOM : 0) | (time ? TIME : 0);
        int found = 0;
        for (int i = 0, n = sql.length(); i < n && found != wanted; i++) {
            switch (sql.charAt(i)) {
                case '(' -> {
                    int nameEnd = i;
                    while (nameEnd > 0 && SqlTokenizer.isSpace(sql.charAt(nameEnd - 1))) {
                        nameEnd--;
                    }
                    if (random && endsWithAny(sql, nameEnd, RANDOM_NAMES)) {
                        found |= RANDOM;
                    } else if (time && endsWithAny(sql, nameEnd, TIME_NAMES)) {
                        found |= TIME;
                    }
                }
                case 'g', 'G' -> {
                    if (Token.matchesIgnoreAsciiCase(sql, i - 8, "returning")) {
                        found |= KEYWORD;
                    }
                }
                case 'n', 'N' -> {
                    if (Token.matchesIgnoreAsciiCase(sql, i - 6, "explain")) {
                        found |= KEYWORD;
                    }
                }
                default -> {
                }
            }
        }
        return found;
    }

    private static boolean endsWithAny(String sql, int end, String[] names) {
        for (String name : names) {
            if (Token.matchesIgnoreAsciiCase(sql, end - name.length(), name)) {
                return true;
            }
        }
        return false;
    }
}
