package io.jrqlite.logging;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets a given message through at most once per window: a peer that stays down makes the libraries repeat the
 * same complaint every few hundred milliseconds, and one line a minute says as much. Bounded: when too many
 * distinct keys pile up (messages whose arguments change every time), the memory is simply cleared.
 */
public final class RepeatLimiter {

    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, Long> lastPassed = new HashMap<>();

    public RepeatLimiter(long windowMillis, int maxKeys) {
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /** Whether the message {@code key} may be logged at {@code nowMillis}; if so, its window starts again. */
    public synchronized boolean allow(String key, long nowMillis) {
        Long last = lastPassed.get(key);
        if (last != null && nowMillis - last < windowMillis) {
            return false;
        }
        if (last == null && lastPassed.size() >= maxKeys) {
            lastPassed.clear();
        }
        lastPassed.put(key, nowMillis);
        return true;
    }
}
