package io.jrqlite.shell;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of a shell line. A line is one statement sent as typed: no quoting, no backslash escapes and no
 * continuation lines (JLine's default parser would swallow {@code \} and wait for an unclosed {@code '}). The word
 * Tab completes is the identifier before the cursor, so {@code FROM a,pe} completes {@code pe}.
 */
final class ShellLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        return new Parsed(line, cursor, line.substring(Completion.wordStart(line, cursor), cursor));
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /** Completing: a candidate goes in as it is, with no quoting or escaping. */
    private record Parsed(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }
    }
}
