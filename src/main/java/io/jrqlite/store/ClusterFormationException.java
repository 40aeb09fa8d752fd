package io.jrqlite.store;

/** The node cannot form or join its cluster; the message is meant for the operator as it stands. */
public final class ClusterFormationException extends RuntimeException {

    public ClusterFormationException(String message) {
        super(message, null, false, false);
    }
}
