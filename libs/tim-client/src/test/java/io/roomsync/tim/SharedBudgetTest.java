package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One budget per (app, API) in the process, paced at this replica's share of Tencent's limit. */
class SharedBudgetTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aProcessAloneHoldsEachBudgetWholeAndAttributeWritesHaveTheirOwnLimit() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), meters)) {
            // Given one replica, then each API paces at 180/s, attribute writes at 3/s (Tencent: 200/s and 5/s)
            assertThat(client.share(TimApi.SEND_GROUP_MSG)).isEqualTo(new BudgetShare(9, Duration.ofMillis(50), 189, true));
            assertThat(client.share(TimApi.MODIFY_GROUP_ATTR)).isEqualTo(new BudgetShare(1, Duration.ofMillis(334), 4, true));
            assertThat(meters.get("roomsync.tim.replicas").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void twoReplicasEachHoldTheirShare() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), meters)) {
            // When the service learns it runs as two replicas
            client.shareAmong(2);

            // Then every API of this process paces at its share
            assertThat(client.share(TimApi.FORBID_SEND_MSG)).isEqualTo(BudgetShare.of(200, 2));
            assertThat(client.share(TimApi.MODIFY_GROUP_ATTR)).isEqualTo(new BudgetShare(1, Duration.ofSeconds(1), 4, true));
            assertThat(meters.get("roomsync.tim.replicas").gauge().value()).isEqualTo(2.0);
        }
    }

    @Test
    void theLimiterOfAnApiRebuiltAtTheNewShareIsStillMeasured() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), meters)) {
            TimApp app = new TimApp(1400000000L, java.net.URI.create("http://127.0.0.1:9"), "administrator", "key");
            // Given a permit of the attribute writes available, at one replica's share
            assertThat(client.permitAvailable(app, TimApi.MODIFY_GROUP_ATTR)).isTrue();

            // When the replicas become two
            client.shareAmong(2);

            // Then the rebuilt limiter gives its permit and its meters follow it
            assertThat(client.permitAvailable(app, TimApi.MODIFY_GROUP_ATTR)).isTrue();
            assertThat(meters.get("resilience4j.ratelimiter.available.permissions")
                    .tag("name", "1400000000.modify_group_attr").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void aReplicaCountBelowOneIsRefused() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), meters)) {
            assertThatThrownBy(() -> client.shareAmong(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
