package io.jrqlite.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a connection's replies in the order its requests arrived. HTTP/1.1 clients may pipeline, and our replies
 * complete on different threads; Go's server answers one request at a time per connection, so clients rely on order.
 * One per channel; thread-safe.
 */
final class ResponseOrder {

    private long nextAssigned;
    private long nextWritten;
    private final Map<Long, Runnable> ready = new HashMap<>();

    /** The position of a request that just arrived (called on the channel's event loop, in arrival order). */
    synchronized long next() {
        return nextAssigned++;
    }

    /**
     * Runs {@code write} once every earlier reply has been written. Writes run under this object's lock so that two
     * threads cannot hand Netty two replies out of order; a write only queues bytes, it never waits.
     */
    synchronized void complete(long position, Runnable write) {
        ready.put(position, write);
        Runnable next;
        while ((next = ready.remove(nextWritten)) != null) {
            nextWritten++;
            next.run();
        }
    }
}
