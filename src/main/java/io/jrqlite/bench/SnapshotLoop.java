package io.jrqlite.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * Calls POST /snapshot at a fixed interval (start to start) from a daemon thread until stopped, counting the
 * answers. A call that takes longer than the interval delays the next one; calls never overlap.
 */
final class SnapshotLoop {

    /** Calls answered 200 (taken) and 204 (nothing new), failed calls, and the longest call. */
    record Counts(long taken, long nothingNew, long failed, long longestNanos) {
    }

    private final NodeApi api;
    private final Duration interval;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean running = true;
    private long taken;
    private long nothingNew;
    private long failed;
    private long longest;

    private SnapshotLoop(NodeApi api, Duration interval, Duration timeout) {
        this.api = api;
        this.interval = interval;
        this.timeout = timeout;
        this.thread = new Thread(this::loop, "snapshot-loop");
        thread.setDaemon(true);
    }

    static SnapshotLoop start(NodeApi api, Duration interval, Duration timeout) {
        SnapshotLoop l = new SnapshotLoop(api, interval, timeout);
        l.thread.start();
        return l;
    }

    /** Stops the loop after the call in progress, if any, and returns what it saw. */
    Counts stop() throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis() + 1_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join();
        }
        return new Counts(taken, nothingNew, failed, longest);
    }

    private void loop() {
        while (running) {
            long t0 = System.nanoTime();
            try {
                int status = api.snapshot(timeout).status();
                if (status == 200) {
                    taken++;
                } else if (status == 204) {
                    nothingNew++;
                } else {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            } catch (InterruptedException e) {
                return;
            }
            long took = System.nanoTime() - t0;
            longest = Math.max(longest, took);
            long pause = interval.toNanos() - took;
            if (pause > 0 && running) {
                try {
                    Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
