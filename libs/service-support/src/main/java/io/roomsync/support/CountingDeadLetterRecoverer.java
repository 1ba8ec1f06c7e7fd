package io.roomsync.support;

import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.cloud.stream.binder.kafka.streams.SendToDlqAndContinue;

/**
 * The Kafka Streams binder's dead-letter recoverer (records that cannot be decoded, with
 * {@code deserialization-exception-handler: sendToDlq}), with what the binder leaves out: the dead letter says which
 * service wrote it and why ({@link DeadLetters#describe}), and the service's {@link DeadLetterObserver}s count it once
 * it is written. The binder's own headers (source topic, partition, offset, exception) are kept.
 *
 * <p>It takes the binder's place as the same bean, so the binder registers each binding's dead-letter publisher in it
 * as before; a publisher that fails throws, the record is not counted, and Kafka Streams stops the thread rather than
 * lose it (the binder's behaviour).
 *
 * <p>A failure {@link DecodeFailures} judges {@link DecodeFailures.Verdict#WAIT} (the registry could not answer) is
 * never dead-lettered: the recoverer throws, so the handler answers FAIL and the record is read again from the last
 * commit. The serdes of {@link AvroSerdes} wait such failures out themselves; one reaches here only when the service
 * stops in the middle of a wait.
 */
public class CountingDeadLetterRecoverer extends SendToDlqAndContinue {

    private final String service;
    private final Supplier<List<DeadLetterObserver>> observers;

    /**
     * @param service   the Kafka Streams application id written in {@link io.roomsync.contract.DeadLetterHeaders#SERVICE}
     * @param observers the service's observers, looked up when a dead letter is written
     */
    public CountingDeadLetterRecoverer(String service, Supplier<List<DeadLetterObserver>> observers) {
        this.service = service;
        this.observers = observers;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        refuseTransient(record, failure);
        super.accept(described(record, failure), failure);
        counted(record, failure);
    }

    @Override
    public void sendToDlq(ConsumerRecord<?, ?> record, Exception failure) {
        refuseTransient(record, failure);
        super.sendToDlq(described(record, failure), failure);
        counted(record, failure);
    }

    private static void refuseTransient(ConsumerRecord<?, ?> record, Exception failure) {
        if (DecodeFailures.classify(failure) == DecodeFailures.Verdict.WAIT) {
            throw new IllegalStateException("not dead-lettered: " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " failed because " + DecodeFailures.reason(failure) + "; it is read again", failure);
        }
    }

    private ConsumerRecord<?, ?> described(ConsumerRecord<?, ?> record, Exception failure) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.describe(headers, service, failure);
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
                record.value(), headers, record.leaderEpoch());
    }

    private void counted(ConsumerRecord<?, ?> record, Exception failure) {
        observers.get().forEach(observer -> observer.deadLettered(record.topic(), failure));
    }
}
