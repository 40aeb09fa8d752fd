package io.jrqlite.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -bootstrap-expect}: every node of a cluster to be formed is started with the same targets. Until a leader is
 * known, each round first tries a plain join (so a node started after the cluster formed just joins), then announces
 * this voter to every target; a node that hears from N voters forms the cluster with them (see {@link NotifySet}).
 */
final class Bootstrapper {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);
    private static final long ROUND_MS = 1000;

    /** Announces this node to one target; failures are only logged, the next round tries again. */
    interface Notifier {
        void notify(String target) throws Exception;
    }

    private final Joiner joiner;
    private final Notifier notifier;
    private final BooleanSupplier leaderKnown;
    private final Joiner.Pause pause;

    Bootstrapper(Joiner joiner, Notifier notifier, BooleanSupplier leaderKnown, Joiner.Pause pause) {
        this.joiner = joiner;
        this.notifier = notifier;
        this.leaderKnown = leaderKnown;
        this.pause = pause;
    }

    /**
     * Runs rounds until the node is in a cluster with a leader.
     *
     * @param joinTargets   the {@code -join} addresses
     * @param notifyTargets where to announce this node (the join addresses and this node itself)
     * @throws ClusterFormationException when {@code timeout} passes first
     * @throws InterruptedException      when the node is being stopped
     */
    void run(List<String> joinTargets, List<String> notifyTargets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (leaderKnown.getAsBoolean() || joiner.tryRound(joinTargets)) {
                LOG.info("in a cluster with a leader");
                return;
            }
            for (String target : notifyTargets) {
                pause.sleep(0);
                try {
                    notifier.notify(target);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    LOG.debug("notify to {} failed: {}", target, e.toString());
                }
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new ClusterFormationException("failed to form the cluster: bootstrap timeout after "
                        + io.jrqlite.command.GoDuration.format(timeout) + " (last join error: " + joiner.lastError()
                        + ")");
            }
            pause.sleep(Math.min(leftMs, ROUND_MS * 3 / 4 + ThreadLocalRandom.current().nextLong(ROUND_MS / 2)));
        }
    }
}
