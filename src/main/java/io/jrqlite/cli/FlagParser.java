package io.jrqlite.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses rqlited's flags with the rules of Go's {@code flag} package, which is what rqlite uses:
 * <ul>
 *   <li>{@code -f value}, {@code -f=value}, and the same with {@code --};</li>
 *   <li>booleans only as {@code -f} or {@code -f=value}: a following {@code false} is not their value;</li>
 *   <li>{@code --} ends the flags, and so does the first argument that is not a flag ({@code -} alone is not);</li>
 *   <li>a flag given twice keeps its last value.</li>
 * </ul>
 * Errors end the process as Go's {@code flag.ExitOnError} does: the message, then the usage, exit code 2;
 * {@code -h}/{@code -help} prints the usage and exits 0.
 */
final class FlagParser {

    static final String USAGE_LINE = "Usage: rqlited [flags] <data directory>";

    private FlagParser() {
    }

    static ParsedFlags parse(List<String> args) throws CliExit {
        Map<String, Object> values = new HashMap<>();
        for (Flag f : Flags.ALL) {
            values.put(f.name(), f.defaultValue());
        }
        Set<String> given = new LinkedHashSet<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break; // first non-flag argument
            }
            int dashes = 1;
            if (arg.charAt(1) == '-') {
                dashes = 2;
                if (arg.length() == 2) {
                    i++; // "--" ends the flags and is consumed
                    break;
                }
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw usageError("bad flag syntax: " + arg);
            }
            i++;
            String value = null;
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = Flags.byName(name);
            if (flag == null) {
                if (name.equals("h") || name.equals("help")) {
                    throw new CliExit(0, "", true);
                }
                throw usageError("flag provided but not defined: -" + name);
            }
            Object parsed;
            if (flag.isBool()) {
                if (value == null) {
                    parsed = Boolean.TRUE;
                } else {
                    try {
                        parsed = flag.type().parse(value);
                    } catch (IllegalArgumentException e) {
                        throw usageError("invalid boolean value " + GoStrconv.quote(value) + " for -" + name + ": "
                                + e.getMessage());
                    }
                }
            } else {
                if (value == null) {
                    if (i >= args.size()) {
                        throw usageError("flag needs an argument: -" + name);
                    }
                    value = args.get(i++); // taken even when it looks like a flag, as Go does
                }
                try {
                    parsed = flag.type().parse(value);
                } catch (IllegalArgumentException e) {
                    throw usageError("invalid value " + GoStrconv.quote(value) + " for flag -" + name + ": "
                            + e.getMessage());
                }
            }
            values.put(name, parsed);
            given.add(name);
        }
        return new ParsedFlags(values, given, args.subList(i, args.size()));
    }

    /**
     * The usage text: {@link #USAGE_LINE}, then every flag sorted by name in the layout of Go's
     * {@code flag.PrintDefaults}. Ends with a newline.
     */
    static String usage() {
        StringBuilder out = new StringBuilder(USAGE_LINE).append('\n');
        List<Flag> sorted = new ArrayList<>(Flags.ALL);
        sorted.sort(Comparator.comparing(Flag::name));
        for (Flag f : sorted) {
            out.append("  -").append(f.name());
            if (!f.type().usageTypeName.isEmpty()) {
                out.append(' ').append(f.type().usageTypeName);
            }
            // Go keeps the usage on the same line only for one-letter flags without a type word.
            if (f.name().length() == 1 && f.type().usageTypeName.isEmpty()) {
                out.append('\t');
            } else {
                out.append("\n    \t");
            }
            out.append(f.usage().replace("\n", "\n    \t"));
            if (!f.type().isZero(f.defaultValue())) {
                String def = f.defaultText();
                out.append(" (default ").append(f.type() == FlagType.STRING ? GoStrconv.quote(def) : def).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static CliExit usageError(String message) {
        return new CliExit(2, message, true);
    }
}
