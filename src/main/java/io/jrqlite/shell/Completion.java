package io.jrqlite.shell;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Tab offers for the word before the cursor: dot-command names at the start of a line, the fixed values of a
 * dot-command's argument, table names in SQL and in {@code .dump}'s table list. Pure, so it is tested without a
 * terminal or a node.
 */
final class Completion {

    static final List<String> COMMANDS = DotCommands.HELP.stream().map(l -> l.split("\\s+")[0]).toList();

    private static final List<String> ON_OFF = List.of("on", "off");
    /** Fixed values of a dot-command's first argument. */
    private static final Map<String, List<String>> FIRST_ARG = Map.of(
            ".mode", List.of("column", "csv", "json", "line"),
            ".consistency", List.of("none", "weak", "linearizable", "strong"),
            ".nodes", List.of("all"),
            ".timer", ON_OFF, ".changes", ON_OFF, ".blobarray", ON_OFF, ".forcewrites", ON_OFF);

    private Completion() {
    }

    /** Where the word ending at {@code cursor} starts: an SQL identifier, or a dot-command leading the line. */
    static int wordStart(String line, int cursor) {
        int i = cursor;
        while (i > 0 && isWordChar(line.charAt(i - 1))) {
            i--;
        }
        if (i > 0 && line.charAt(i - 1) == '.' && line.substring(0, i - 1).isBlank()) {
            i--;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The words that may replace the word before {@code cursor}, given the node's tables. */
    static List<String> candidates(String line, int cursor, Collection<String> tables) {
        int start = wordStart(line, cursor);
        String prefix = line.substring(start, cursor);
        String typed = line.substring(0, cursor).stripLeading();
        if (!typed.startsWith(".")) {
            return matching(tables, prefix);
        }
        String[] words = typed.split("\\s+", -1);
        if (words.length == 1) {
            return matching(COMMANDS, prefix);
        }
        String command = words[0].toLowerCase(Locale.ROOT);
        int arg = words.length - 1;
        if (command.equals(".dump") && arg == 2) {
            return matching(tables, prefix); // .dump FILE T1,T2
        }
        return arg == 1 ? matching(FIRST_ARG.getOrDefault(command, List.of()), prefix) : List.of();
    }

    /** Case-insensitive prefix match: SQL names and dot-commands ignore case. */
    private static List<String> matching(Collection<String> words, String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return words.stream().filter(w -> w.toLowerCase(Locale.ROOT).startsWith(p)).toList();
    }
}
