package io.roomsync.ingest.adapter.kafka;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Creates ingest's producer and fetches the events topic's metadata before ingest says it is ready, so the first
 * callback does not pay for them. Without it, the first publish after a start created the producer and waited for
 * metadata on the request thread (up to {@code max.block.ms}, 1 s) before its own publish timeout (1.5 s) began: the
 * answer could come after Tencent's 2 s callback timeout ("Third-party callback overview": 2 s), and Tencent does not
 * send an After-callback again.
 *
 * <p>One attempt: when Kafka cannot be reached at start-up ingest starts anyway (it answers 503 {@code publish-failed}
 * until Kafka is back, as in any Kafka outage), with a warning.
 */
public class ProducerWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmUp.class);

    private final Runnable connect;
    private final String topic;

    /**
     * @param connect creates the producer and fetches {@code topic}'s partitions (say {@code template.partitionsFor});
     *                may throw a {@link KafkaException} when Kafka cannot be reached within {@code max.block.ms}
     * @param topic   the events topic, for the warning
     */
    public ProducerWarmUp(Runnable connect, String topic) {
        this.connect = connect;
        this.topic = topic;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            connect.run();
        } catch (KafkaException e) {
            log.warn("Kafka could not be reached at start-up for {} ({}): the first callback will connect", topic, e.toString());
        }
    }
}
