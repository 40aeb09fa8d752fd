package io.jrqlite.cli;

import io.jrqlite.command.GoDuration;

import java.time.Duration;

/**
 * The value kinds of rqlited's flags, each parsed and printed as Go's {@code flag} package does. Parsed values
 * are {@code String}, {@code Boolean}, {@code Long} (int, int64, and uint64 read as unsigned) or {@code Duration}.
 */
enum FlagType {
    STRING("string"),
    BOOL(""),
    INT("int"),
    INT64("int"),
    UINT64("uint"),
    DURATION("duration");

    /** The word Go's usage output puts after the flag name ({@code -raft-snap uint}); empty for booleans. */
    final String usageTypeName;

    FlagType(String usageTypeName) {
        this.usageTypeName = usageTypeName;
    }

    /**
     * Parses a command-line value.
     *
     * @throws IllegalArgumentException whose message is Go's reason: {@code parse error} or
     *                                  {@code value out of range}
     */
    Object parse(String text) {
        try {
            switch (this) {
                case STRING:
                    return text;
                case BOOL:
                    return GoStrconv.parseBool(text);
                case INT:
                case INT64:
                    return GoStrconv.parseInt64(text);
                case UINT64:
                    return GoStrconv.parseUint64(text);
                case DURATION:
                    return GoDuration.parse(text);
                default:
                    throw new AssertionError(this);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value out of range", e);
        } catch (IllegalArgumentException e) { // also NumberFormatException
            throw new IllegalArgumentException("parse error", e);
        }
    }

    /** The value as Go prints it: the {@code (default ...)} text of the usage output. */
    String format(Object value) {
        switch (this) {
            case UINT64:
                return Long.toUnsignedString((Long) value);
            case DURATION:
                return GoDuration.format((Duration) value);
            default:
                return String.valueOf(value);
        }
    }

    /** Whether Go's usage output leaves out the default (the zero value of the type is not shown). */
    boolean isZero(Object value) {
        switch (this) {
            case STRING:
                return ((String) value).isEmpty();
            case BOOL:
                return !(Boolean) value;
            case DURATION:
                return ((Duration) value).isZero();
            default:
                return (Long) value == 0L;
        }
    }
}
