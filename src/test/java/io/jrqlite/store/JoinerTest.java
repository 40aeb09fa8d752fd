package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinerTest {

    private static final JoinRequest REQUEST = JoinRequest.newBuilder().setId("n4").setRaftAddress("h:4")
            .setVoter(true).build();

    /** Answers per target: a leader's address ("" = no leader known), "ok", or "down" for no answer at all. */
    private static final class FakeCluster implements Joiner.Transport {
        final Map<String, String> answers;
        final List<String> asked = new ArrayList<>();

        FakeCluster(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public JoinResponse send(String target, JoinRequest request) throws IOException {
            assertThat(request).isEqualTo(REQUEST);
            asked.add(target);
            String answer = answers.getOrDefault(target, "down");
            if (answer.equals("down")) {
                throw new IOException("connection refused");
            }
            if (answer.equals("ok")) {
                return JoinResponse.getDefaultInstance();
            }
            return JoinResponse.newBuilder().setError("not leader").setLeader(answer).build();
        }
    }

    @Test
    void aFollowerNamesTheLeaderAndTheRequestFollows() throws InterruptedException {
        FakeCluster cluster = new FakeCluster(Map.of("f:1", "l:1", "l:1", "ok"));
        new Joiner(cluster, REQUEST, Thread::sleep).join(List.of("down:1", "f:1"), 1, Duration.ZERO);
        assertThat(cluster.asked).containsExactly("down:1", "f:1", "l:1");
    }

    @Test
    void redirectsAreBoundedAndTheNextAddressIsTried() throws InterruptedException {
        FakeCluster cluster = new FakeCluster(Map.of("a:1", "b:1", "b:1", "a:1", "c:1", "ok"));
        assertThat(new Joiner(cluster, REQUEST, Thread::sleep).tryRound(List.of("a:1", "c:1"))).isTrue();
        assertThat(cluster.asked).hasSize(Joiner.MAX_HOPS + 2).endsWith("c:1");
    }

    @Test
    void failsAfterTheGivenRoundsWithTheLastError() {
        FakeCluster cluster = new FakeCluster(Map.of("f:1", ""));
        Joiner joiner = new Joiner(cluster, REQUEST, Thread::sleep);
        assertThatThrownBy(() -> joiner.join(List.of("down:1", "f:1"), 3, Duration.ZERO))
                .isInstanceOf(ClusterFormationException.class)
                .hasMessage("failed to join cluster: f:1: not leader");
        assertThat(cluster.asked).containsExactly("down:1", "f:1", "down:1", "f:1", "down:1", "f:1");
    }

    @Test
    void aStopEndsTheWaitBetweenRounds() {
        FakeCluster cluster = new FakeCluster(Map.of());
        List<Long> pauses = new ArrayList<>();
        Joiner.Pause stopDuringTheFirstWait = millis -> {
            pauses.add(millis);
            if (millis > 0) {
                throw new InterruptedException("stop requested");
            }
        };
        assertThatThrownBy(() -> new Joiner(cluster, REQUEST, stopDuringTheFirstWait)
                .join(List.of("down:1", "down:2"), 100, Duration.ofHours(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(cluster.asked).containsExactly("down:1", "down:2");
        assertThat(pauses).as("a check before each request, then the wait").containsExactly(0L, 0L, 3_600_000L);
    }
}
