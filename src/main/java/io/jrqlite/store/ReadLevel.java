package io.jrqlite.store;

import java.util.Locale;

/** Read consistency levels (rqlite's {@code level} query parameter). */
public enum ReadLevel {
    /** Read the local database with no checks. */
    NONE,
    /** Read locally if this node believes it is the leader. */
    WEAK,
    /** Confirm leadership with a quorum (ReadIndex), wait for the state machine to catch up, then read locally. */
    LINEARIZABLE,
    /** Send the read through the Raft log. */
    STRONG,
    /** WEAK on voters, NONE on non-voters. */
    AUTO;

    /** Parses a {@code level} value; unknown or missing values mean {@link #WEAK}, as in rqlite. */
    public static ReadLevel parse(String value) {
        if (value == null) {
            return WEAK;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "linearizable" -> LINEARIZABLE;
            case "strong" -> STRONG;
            case "auto" -> AUTO;
            default -> WEAK;
        };
    }
}
