package io.roomsync.moderation.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.CompactedTopicReplica;
import io.roomsync.support.CompactedTopicReplicaHealthIndicator;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.support.TopicNames;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** The policies in force in this replica: the whole policy topic, read into the {@link PolicyBook}. */
@Component
public class PolicyReplica implements AutoCloseable {

    private final CompactedTopicReplica<ModerationPolicy> replica;

    public PolicyReplica(PolicyBook book, RoomsyncKafkaProperties kafka, AvroSerdes serdes, TopicNames topics, MeterRegistry meters) {
        Counter unreadable = Counter.builder("roomsync.moderation.policy.unreadable")
                .description("Policy records that could not be read or were refused; the rules in force stay").register(meters);
        this.replica = new CompactedTopicReplica<>(kafka.clientProperties(), topics.name(Topic.MODERATION_POLICY),
                serdes.<ModerationPolicy>value().deserializer(), book::apply, unreadable::increment).start();
    }

    /** DOWN in readiness once the replica's thread has ended: moderation no longer sees policy changes. */
    public CompactedTopicReplicaHealthIndicator healthIndicator() {
        return new CompactedTopicReplicaHealthIndicator(replica);
    }

    public boolean loaded() {
        return replica.loaded();
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return replica.awaitLoaded(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        replica.close();
    }
}
