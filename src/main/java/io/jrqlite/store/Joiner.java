package io.jrqlite.store;

import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The joining side of cluster formation: asks the {@code -join} addresses, in order, to add this node. A node that is
 * not the leader answers with the leader's address, and the request follows it.
 */
final class Joiner {

    private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);
    /** Followers naming a leader that in turn names another one: enough for any sane leader change, and bounded. */
    static final int MAX_HOPS = 10;

    /**
     * Waits between tries; ends early with {@link InterruptedException} when the node is being stopped (a wait of 0
     * only checks that).
     */
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    /** Sends one join request to a Raft address and returns the answer. */
    interface Transport {
        JoinResponse send(String target, JoinRequest request) throws Exception;
    }

    private final Transport transport;
    private final JoinRequest request;
    private final Pause pause;
    private String lastError = "no join address";
    /** An hour of "join in progress" answers at most: a leader copying a very large database to this node. */
    private static final int MAX_IN_PROGRESS = 1800;
    private int inProgressAnswers;

    Joiner(Transport transport, JoinRequest request, Pause pause) {
        this.transport = transport;
        this.request = request;
        this.pause = pause;
    }

    /**
     * Up to {@code attempts} rounds over {@code targets}, {@code interval} apart.
     *
     * @throws ClusterFormationException when no round succeeds
     * @throws InterruptedException      when the wait is interrupted (the node is being stopped)
     */
    void join(List<String> targets, int attempts, Duration interval) throws InterruptedException {
        int rounds = Math.max(1, attempts);
        for (int round = 0; round < rounds; round++) {
            if (tryRound(targets)) {
                return;
            }
            if (round + 1 < rounds) {
                pause.sleep(interval.toMillis());
            }
        }
        throw new ClusterFormationException("failed to join cluster: " + lastError);
    }

    /** One pass over {@code targets}; true once one of them (or the leader it names) has taken this node in. */
    boolean tryRound(List<String> targets) throws InterruptedException {
        for (String address : targets) {
            String target = address;
            for (int hop = 0; hop <= MAX_HOPS && !target.isEmpty(); hop++) {
                pause.sleep(0);
                JoinResponse r;
                try {
                    r = transport.send(target, request);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    lastError = target + ": " + cause.getMessage();
                    break;
                }
                if (r.getError().isEmpty()) {
                    LOG.info("joined the cluster through {}", target);
                    return true;
                }
                if (r.getError().equals(Membership.JOIN_IN_PROGRESS) && inProgressAnswers++ < MAX_IN_PROGRESS) {
                    hop--; // the leader is still catching this node up (it answers every 2 s): ask again
                    continue;
                }
                lastError = target + ": " + r.getError();
                target = r.getLeader();
            }
        }
        return false;
    }

    String lastError() {
        return lastError;
    }
}
