package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootstrapperTest {

    private static final JoinRequest REQUEST = JoinRequest.newBuilder().setId("a").setRaftAddress("a:1").build();
    private final List<String> sent = new ArrayList<>();
    private final List<Long> pauses = new ArrayList<>();
    private final Joiner.Pause pause = pauses::add;

    private Joiner joiner(String joinsThrough) {
        return new Joiner((target, request) -> {
            sent.add("join " + target);
            if (target.equals(joinsThrough)) {
                return JoinResponse.getDefaultInstance();
            }
            throw new IOException("refused");
        }, REQUEST, pause);
    }

    private Bootstrapper.Notifier notifier() {
        return target -> {
            sent.add("notify " + target);
            if (target.equals("c:1")) {
                throw new IOException("not up yet"); // the others are still told
            }
        };
    }

    @Test
    void eachRoundJoinsThenNotifiesEveryTargetUntilALeaderIsKnown() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();
        new Bootstrapper(joiner("none"), notifier(), () -> checks.incrementAndGet() > 2, pause)
                .run(List.of("b:1", "c:1"), List.of("b:1", "c:1", "a:1"), Duration.ofMinutes(1));
        List<String> round = List.of("join b:1", "join c:1", "notify b:1", "notify c:1", "notify a:1");
        List<String> twoRounds = new ArrayList<>(round);
        twoRounds.addAll(round);
        assertThat(sent).isEqualTo(twoRounds);
        assertThat(pauses).filteredOn(ms -> ms > 0).hasSize(2)
                .allSatisfy(ms -> assertThat(ms).as("about a second, with jitter").isBetween(750L, 1250L));
    }

    @Test
    void aSuccessfulJoinEndsItWithoutNotifying() throws InterruptedException {
        new Bootstrapper(joiner("c:1"), notifier(), () -> false, pause)
                .run(List.of("b:1", "c:1"), List.of("b:1", "c:1", "a:1"), Duration.ofMinutes(1));
        assertThat(sent).containsExactly("join b:1", "join c:1");
    }

    @Test
    void givesUpAtTheTimeout() {
        Bootstrapper b = new Bootstrapper(joiner("none"), notifier(), () -> false, pause);
        assertThatThrownBy(() -> b.run(List.of("b:1"), List.of("b:1", "a:1"), Duration.ZERO))
                .isInstanceOf(ClusterFormationException.class)
                .hasMessage("failed to form the cluster: bootstrap timeout after 0s (last join error: b:1: refused)");
        assertThat(sent).containsExactly("join b:1", "notify b:1", "notify a:1");
    }
}
