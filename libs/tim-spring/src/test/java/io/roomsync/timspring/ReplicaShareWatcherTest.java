package io.roomsync.timspring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replica count read from the service's consumer group: polled, and at once on a rebalance of its Kafka Streams. */
class ReplicaShareWatcherTest {

    private static final LiveReplicas.Member REPLICA_1 = new LiveReplicas.Member("roomsync-role-sync-1-StreamThread-1-consumer", null);
    private static final LiveReplicas.Member REPLICA_2 = new LiveReplicas.Member("roomsync-role-sync-2-StreamThread-1-consumer", null);
    /** The group's members as Kafka would describe them now. */
    private final AtomicReference<List<LiveReplicas.Member>> group = new AtomicReference<>(List.of(REPLICA_1));
    /** Each count the watcher shared the budgets among, in order. */
    private final BlockingQueue<Integer> shares = new LinkedBlockingQueue<>();
    /** When set, a description counts it down and then hangs until interrupted (a stop). */
    private final AtomicReference<java.util.concurrent.CountDownLatch> describing = new AtomicReference<>();
    private ReplicaShareWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Test
    void aRebalanceSharesTheBudgetsAmongTheNewCountWithoutWaitingForThePoll() throws Exception {
        // Given a watcher polling every hour, which learnt 1 replica at its start
        watcher = watching(Duration.ofHours(1));
        watcher.start();
        assertThat(nextShare()).isEqualTo(1);

        // When a second replica joins the group, and the service's Kafka Streams client starts rebalancing
        group.set(List.of(REPLICA_1, REPLICA_2));
        new RebalanceRefresh(watcher::refreshNow).onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);

        // Then the budgets are shared among 2 at once (the next poll is an hour away)
        assertThat(nextShare()).isEqualTo(2);
    }

    @Test
    void thePollStillCountsAReplicaNoRebalanceWasSeenFor() throws Exception {
        // Given a watcher polling every 20 ms, which learnt 1 replica at its start
        watcher = watching(Duration.ofMillis(20));
        watcher.start();
        assertThat(nextShare()).isEqualTo(1);

        // When a second replica joins without a state change of this replica's client
        group.set(List.of(REPLICA_1, REPLICA_2));

        // Then a later poll shares the budgets among 2
        int share;
        do {
            share = nextShare();
        } while (share == 1);
        assertThat(share).isEqualTo(2);
    }

    @Test
    void aRefreshAskedForBeforeTheStartOrAfterTheStopDescribesNothing() throws Exception {
        // Given a watcher not started
        watcher = watching(Duration.ofHours(1));

        // When a refresh is asked for, then the watcher starts and stops, and one is asked for again
        watcher.refreshNow();
        watcher.start();
        assertThat(nextShare()).isEqualTo(1);
        watcher.stop();
        watcher.refreshNow();

        // Then the only description was the start's
        assertThat(shares).isEmpty();
    }

    @Test
    void aRefreshDiscardedByAStopDoesNotSilenceTheNextStart() throws Exception {
        // Given a started watcher whose description hangs, with a second refresh queued behind it
        watcher = watching(Duration.ofHours(1));
        watcher.start();
        assertThat(nextShare()).isEqualTo(1);
        describing.set(new java.util.concurrent.CountDownLatch(1));
        watcher.refreshNow();
        assertThat(describing.get().await(30, TimeUnit.SECONDS)).as("the first refresh is describing").isTrue();
        watcher.refreshNow();

        // When it is stopped (the queued refresh discarded) and started again, and a rebalance asks for a refresh
        watcher.stop();
        describing.set(null);
        watcher.start();
        assertThat(nextShare()).isEqualTo(1);
        group.set(List.of(REPLICA_1, REPLICA_2));
        watcher.refreshNow();

        // Then that refresh describes the group at once (the poll is an hour away)
        assertThat(nextShare()).isEqualTo(2);
    }

    /** The next count shared, waiting for it (a missing one fails the test after 30 s instead of hanging it). */
    private int nextShare() throws InterruptedException {
        Integer share = shares.poll(30, TimeUnit.SECONDS);
        assertThat(share).as("a count shared").isNotNull();
        return share;
    }

    private ReplicaShareWatcher watching(Duration refresh) {
        return new ReplicaShareWatcher(shares::add, () -> new ReplicaShareWatcher.GroupMembers() {
            @Override
            public List<LiveReplicas.Member> describe(Duration timeout) throws InterruptedException {
                java.util.concurrent.CountDownLatch hang = describing.get();
                if (hang != null) {
                    hang.countDown();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
                return group.get();
            }

            @Override
            public void close() {
            }
        }, "roomsync-role-sync", refresh);
    }

    @Test
    void theAdminClientAuthenticatesAsTheServicesOtherKafkaClientsDo() {
        // Given the service's Kafka client settings on a SASL_SSL cluster
        Map<String, Object> kafkaClient = Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"role-sync\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt", "ssl.truststore.type", "PEM");

        // When the replica-count Admin client's settings are made
        Map<String, Object> admin = ReplicaShareWatcher.adminProperties(kafkaClient, "roomsync-role-sync", 5000);

        // Then they are the service's own, with this client's id and timeouts on top
        assertThat(admin).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"role-sync\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt", "ssl.truststore.type", "PEM",
                "client.id", "roomsync-role-sync-replica-share", "request.timeout.ms", 5000, "default.api.timeout.ms", 5000));
    }
}
