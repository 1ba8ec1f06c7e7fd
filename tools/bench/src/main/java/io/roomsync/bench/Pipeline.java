package io.roomsync.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One open-loop run through a service over Kafka: records are published at a fixed rate whatever the service does,
 * and what comes out is matched as it is published; the run ends when every input has its outcome or the drain time
 * is up. Latencies are wall-clock milliseconds from publishing (so they can be compared with the emulator's times).
 */
final class Pipeline {

    /**
     * @param offered       records published
     * @param completed     inputs whose outcome was seen
     * @param elapsedSeconds from the first record published to the last outcome seen
     * @param latencyMillis per outcome
     */
    record Result(double rate, long offered, long completed, double elapsedSeconds, Histogram latencyMillis) {
        double achievedPerSecond() {
            return completed / elapsedSeconds;
        }

        double percentile(double percentile) {
            return latencyMillis.getValueAtPercentile(percentile);
        }
    }

    /** Matches what the service published to the inputs: records the latencies, returns how many inputs completed. */
    interface Matcher {
        int match(ConsumerRecord<String, Object> record, long nowMillis, Histogram latencyMillis);
    }

    private Pipeline() {
    }

    /**
     * Waits until the service has worked off what it was offered (no outcome for 5 s, at most 5 minutes), so that a
     * backlog from one run never delays the next and every run starts from an idle service.
     */
    private static void settle(KafkaConsumer<String, Object> outcomes) {
        long quietSince = System.nanoTime();
        long giveUp = quietSince + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos() && System.nanoTime() < giveUp) {
            if (!outcomes.poll(Duration.ofMillis(200)).isEmpty()) {
                quietSince = System.nanoTime();
            }
        }
    }

    static Result run(KafkaProducer<String, Object> producer, KafkaConsumer<String, Object> outcomes, double rate,
                      Duration duration, Duration drain, LongFunction<ProducerRecord<String, Object>> input,
                      Matcher matcher, ToIntFunction<Long> expectedOutcomes) throws InterruptedException {
        Histogram latency = new Histogram(3_600_000L, 3);
        AtomicLong offered = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double interval = 1e9 / rate;
        Thread publisher = new Thread(() -> {
            for (long n = 0; ; n++) {
                long due = start + (long) (n * interval);
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(input.apply(n));
                offered.incrementAndGet();
            }
            producer.flush();
        }, "bench-publisher");
        publisher.start();
        long completed = 0;
        long lastOutcome = start;
        long drainEnd = end + drain.toNanos();
        while (System.nanoTime() < drainEnd) {
            ConsumerRecords<String, Object> records = outcomes.poll(Duration.ofMillis(20));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, Object> record : records) {
                int done = matcher.match(record, now, latency);
                if (done > 0) {
                    completed += done;
                    lastOutcome = System.nanoTime();
                }
            }
            if (!publisher.isAlive() && completed >= expectedOutcomes.applyAsInt(offered.get())) {
                break;
            }
        }
        publisher.join();
        Result result = new Result(rate, offered.get(), completed, (lastOutcome - start) / 1e9, latency);
        settle(outcomes);
        return result;
    }
}
