package io.jrqlite.cli;

/**
 * One command-line flag: its name (without the dash), value type, default, usage line, and whether its value
 * names a file that must exist.
 */
record Flag(String name, FlagType type, Object defaultValue, String usage, boolean path) {

    /** A flag whose default is written as on the command line ({@code "3s"}, {@code "8192"}, {@code "true"}). */
    static Flag of(String name, FlagType type, String defaultText, String usage) {
        return new Flag(name, type, type.parse(defaultText), usage, false);
    }

    /** A string flag naming a file; when set, the file must exist. */
    static Flag path(String name, String usage) {
        return new Flag(name, FlagType.STRING, "", usage, true);
    }

    /** The default as Go's usage output shows it ({@code 2m0s} for a default written {@code 120s}). */
    String defaultText() {
        return type.format(defaultValue);
    }

    boolean isBool() {
        return type == FlagType.BOOL;
    }
}
