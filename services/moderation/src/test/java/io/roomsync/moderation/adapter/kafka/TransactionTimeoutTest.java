package io.roomsync.moderation.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.timspring.TencentProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * moderation keeps its own {@code transaction.timeout.ms} (60 s, not the shared 10 s of roomsync-defaults.yml): its
 * recalls go to Tencent inside the task's transaction (ModerationProcessor), and a transaction the broker aborts for
 * running too long fences the task, which redoes the work and the recall, and would do so again while Tencent stays
 * slow. So the timeout must outlast a recall that Tencent leaves unanswered on every attempt.
 */
class TransactionTimeoutTest {

    @Test
    void aTransactionOutlastsARecallWhoseEveryAttemptTimesOut() throws Exception {
        // Given moderation's application.yml and its Tencent client settings (their defaults: 5 attempts, 5 s read
        // timeout, backoff from 200 ms doubling up to 5 s, each up to 50% longer by jitter)
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addFirst);
        TencentProperties tencent = Binder.get(environment).bindOrCreate("roomsync.tencent", TencentProperties.class);
        Duration transactionTimeout = Duration.ofMillis(environment.getRequiredProperty(
                "spring.cloud.stream.kafka.streams.binder.configuration.transaction.timeout.ms", Long.class));

        // When a recall's every attempt waits out the read timeout, with the longest backoffs between them
        Duration backoffs = Duration.ZERO;
        Duration backoff = tencent.initialBackoff();
        for (int retry = 1; retry < tencent.maxAttempts(); retry++) {
            backoffs = backoffs.plus(backoff.multipliedBy(3).dividedBy(2));
            backoff = backoff.multipliedBy(2).compareTo(tencent.maxBackoff()) > 0 ? tencent.maxBackoff() : backoff.multipliedBy(2);
        }
        Duration slowestRecall = tencent.readTimeout().multipliedBy(tencent.maxAttempts()).plus(backoffs);

        // Then it is 29.5 s, and the transaction timeout (60 s) outlasts it, where the shared 10 s would not
        assertThat(slowestRecall).isEqualTo(Duration.ofMillis(29_500));
        assertThat(transactionTimeout).isEqualTo(Duration.ofSeconds(60)).isGreaterThan(slowestRecall);
    }
}
