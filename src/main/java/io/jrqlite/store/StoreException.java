package io.jrqlite.store;

/** A failure whose message is the error text rqlite's clients expect (e.g. {@code not leader}, {@code stale read}). */
public final class StoreException extends RuntimeException {

    public static final String NOT_LEADER = "not leader";
    public static final String LEADER_NOT_FOUND = "leader not found";
    public static final String NOT_OPEN = "store not open";
    public static final String NOT_READY = "store not ready";
    public static final String STALE_READ = "stale read";

    public StoreException(String message) {
        super(message, null, false, false);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    public boolean isNotLeader() {
        return NOT_LEADER.equals(getMessage());
    }
}
