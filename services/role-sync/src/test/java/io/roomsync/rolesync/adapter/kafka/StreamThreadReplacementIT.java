package io.roomsync.rolesync.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.support.AdminDeadMembers;
import io.roomsync.support.RoomsyncStreamsProperties;
import io.roomsync.support.StreamThreadFailures;
import io.roomsync.support.StreamThreadsHealthIndicator;
import io.roomsync.support.StreamsHandover;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.FileSystemUtils;

/**
 * A stream thread ended by a producer transaction error (what a broker outage longer than {@code transaction.timeout.ms}
 * gave role-sync's commit: {@code InvalidTxnStateException}) on a real broker, with role-sync's Kafka Streams settings
 * (exactly-once v2, static membership) and the client built as the binder builds it: the thread is replaced, its task
 * resumes from its last commit with its store as committed, what the dead thread wrote is never read, and the client
 * keeps running; the new thread, a static member under a new name, gets the task without waiting out the dead one's
 * session. Before {@link StreamThreadFailures}, the binder's handler shut the whole client down instead.
 */
@ExtendWith(RoomsyncStackExtension.class)
class StreamThreadReplacementIT {

    private static final String STORE = "counts";
    /** Set once the processor threw: the first record fails once, as a commit meeting an aborted transaction would. */
    private static final AtomicBoolean failedOnce = new AtomicBoolean();

    @Test
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void aThreadEndedByATransactionErrorIsReplacedAndItsTaskResumesFromItsLastCommitExactlyOnce() throws Exception {
        // Given a client counting records per room into a store and writing each count out, exactly-once, as a static
        // member, configured by roomsync's handover; then the binder's handler set on it (SHUTDOWN_CLIENT for anything)
        failedOnce.set(false);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = Files.createTempDirectory("thread-replacement");
        String in = "thread-replacement-in-" + run;
        String out = "thread-replacement-out-" + run;
        createTopics(in, out);
        AdminDeadMembers deadMembers = new AdminDeadMembers(Duration.ofSeconds(20), Duration.ofSeconds(10));
        StreamThreadFailures failures = new StreamThreadFailures(10, Duration.ofMinutes(10), Clock.systemUTC(), deadMembers);
        StreamsBuilderFactoryBean client = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "thread-replacement-" + run,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest",
                // Longer than the test waits (100 s): a replacement thread gets a new member name, and had the dead
                // thread's member not been removed from the group, its task would wait out this session
                StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 120_000)));
        new StreamsHandover(new RoomsyncStreamsProperties(0, "role-sync-1", Duration.ofSeconds(10), true,
                new RoomsyncStreamsProperties.ThreadReplacements(10, Duration.ofMinutes(10))), failures).configure(client);
        client.setStreamsUncaughtExceptionHandler(exception -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        client.afterPropertiesSet();
        StreamsBuilder builder = client.getObject();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .process(CountingProcessor::new, STORE)
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        StreamThreadsHealthIndicator health = new StreamThreadsHealthIndicator();
        health.watch(client);
        client.afterSingletonsInstantiated();
        client.start();
        try (KafkaConsumer<String, String> reader = committedReader(out)) {
            // When the first record's processing ends its thread with the transaction error, after it counted and wrote
            send(in, "room_1", "first");
            List<String> counts = readUntil(reader, 1);

            // Then the dead thread's count and output were rolled back: the new thread counted the record once
            assertThat(failedOnce).isTrue();
            assertThat(failures.replaced()).isEqualTo(1);
            assertThat(failures.shutDown()).isZero();
            assertThat(counts).containsExactly("room_1=1");
            // And the group's members are the new thread alone: the dead thread's member (role-sync-1-1) was removed
            assertThat(groupInstanceIds("thread-replacement-" + run)).containsExactly("role-sync-1-2");

            // And the client goes on: the next record is counted after it, by one running thread, alive and ready
            send(in, "room_1", "second");
            assertThat(readUntil(reader, 1)).containsExactly("room_1=2");
            KafkaStreams streams = client.getKafkaStreams();
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(streams.metadataForLocalThreads()).extracting(ThreadMetadata::threadState).containsExactly("RUNNING");
            assertThat(health.liveness().health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            client.stop();
            deadMembers.close();
            FileSystemUtils.deleteRecursively(stateDir);
        }
    }

    /** Counts records per key in the store and forwards {@code key=count}; throws once, after forwarding, on the first. */
    private static final class CountingProcessor implements Processor<String, String, String, String> {

        private ProcessorContext<String, String> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            Long before = counts.get(record.key());
            long count = before == null ? 1 : before + 1;
            counts.put(record.key(), count);
            context.forward(record.withValue(record.key() + "=" + count));
            if (failedOnce.compareAndSet(false, true)) {
                throw new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.");
            }
        }
    }

    private static void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static List<String> groupInstanceIds(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(member -> member.groupInstanceId().orElse("(dynamic)")).toList();
        }
    }

    private static void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static KafkaConsumer<String, String> committedReader(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
        return consumer;
    }

    /**
     * The values of the next {@code expected} committed records, then whatever else arrives within a further second (so
     * a record written twice would be seen); waits for them as long as the test's timeout (100 s) allows.
     */
    private static List<String> readUntil(KafkaConsumer<String, String> reader, int expected) {
        List<String> values = new ArrayList<>();
        while (values.size() < expected) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        for (ConsumerRecord<String, String> record : reader.poll(Duration.ofSeconds(1))) {
            values.add(record.value());
        }
        return values;
    }
}
