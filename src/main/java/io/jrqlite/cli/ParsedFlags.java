package io.jrqlite.cli;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of {@link FlagParser}: a value for every flag in {@link Flags#ALL} (the default where the flag
 * was not given), which flags were given, and the arguments left after the flags.
 */
final class ParsedFlags {

    private final Map<String, Object> values;
    private final Set<String> given;
    private final List<String> remaining;

    ParsedFlags(Map<String, Object> values, Set<String> given, List<String> remaining) {
        this.values = Map.copyOf(values);
        this.given = Collections.unmodifiableSet(new LinkedHashSet<>(given));
        this.remaining = List.copyOf(remaining);
    }

    /** Names of the flags that appeared on the command line, in order of first appearance. */
    Set<String> given() {
        return given;
    }

    boolean isGiven(String name) {
        return given.contains(checked(name).name());
    }

    /** Arguments after the last flag: the data directory and anything (wrongly) following it. */
    List<String> remaining() {
        return remaining;
    }

    Object value(String name) {
        return values.get(checked(name).name());
    }

    String string(String name) {
        return (String) typed(name, FlagType.STRING);
    }

    boolean bool(String name) {
        return (Boolean) typed(name, FlagType.BOOL);
    }

    /** An int, int64 or uint64 flag (uint64 as an unsigned value). */
    long number(String name) {
        Flag f = checked(name);
        if (f.type() != FlagType.INT && f.type() != FlagType.INT64 && f.type() != FlagType.UINT64) {
            throw new IllegalArgumentException("-" + name + " is not a number flag");
        }
        return (Long) values.get(name);
    }

    Duration duration(String name) {
        return (Duration) typed(name, FlagType.DURATION);
    }

    /** Whether the flag holds something other than its default. */
    boolean differsFromDefault(String name) {
        return !checked(name).defaultValue().equals(values.get(name));
    }

    private Object typed(String name, FlagType type) {
        Flag f = checked(name);
        if (f.type() != type) {
            throw new IllegalArgumentException("-" + name + " is a " + f.type() + " flag, not " + type);
        }
        return values.get(name);
    }

    private static Flag checked(String name) {
        Flag f = Flags.byName(name);
        if (f == null) {
            throw new IllegalArgumentException("no such flag: -" + name);
        }
        return f;
    }
}
