package io.jrqlite.bench;

import java.util.OptionalLong;

/**
 * The peak resident memory of a process over one phase: a daemon thread samples {@code VmRSS} every 100 ms.
 * {@code VmHWM}, the kernel's own peak, is read at the end too, but it covers the process's whole life.
 */
final class PeakRss {

    /** Both in kB; 0 when nothing could be read (the process was gone). */
    record Peak(long rssKb, long hwmKb) {
    }

    private static final long INTERVAL_MILLIS = 100;

    private final long pid;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakKb;

    private PeakRss(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::sampleUntilStopped, "peak-rss-" + pid);
        sampler.setDaemon(true);
    }

    static PeakRss watch(long pid) {
        PeakRss p = new PeakRss(pid);
        p.sample();
        p.sampler.start();
        return p;
    }

    /** Stops sampling and returns the phase's peak. */
    Peak stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        OptionalLong hwm = ProcStatus.read(pid, "VmHWM");
        return new Peak(peakKb, hwm.orElse(0));
    }

    private void sampleUntilStopped() {
        while (running) {
            sample();
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        OptionalLong rss = ProcStatus.read(pid, "VmRSS");
        if (rss.isPresent() && rss.getAsLong() > peakKb) {
            peakKb = rss.getAsLong();
        }
    }
}
