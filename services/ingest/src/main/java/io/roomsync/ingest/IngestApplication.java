package io.roomsync.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.ingest.adapter.http.BenchController;
import io.roomsync.ingest.adapter.http.CallbackController;
import io.roomsync.ingest.adapter.kafka.KafkaEventPublisher;
import io.roomsync.ingest.domain.CallbackCheck;
import io.roomsync.ingest.domain.CallbackParser;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.TopicNames;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/** ingest: the callback edge of roomsync (architecture, section 5). */
@SpringBootApplication
@EnableConfigurationProperties(IngestProperties.class)
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CallbackCheck callbackCheck(ImAppsProperties apps, IngestProperties ingest) {
        Map<Long, String> tokens = new LinkedHashMap<>();
        for (ImAppsProperties.App app : apps.apps()) {
            if (!app.hasCallbackToken() && ingest.requireSignature()) {
                throw new IllegalStateException("app " + app.sdkAppId() + " has no callback token (roomsync.im.apps[].callback-token,"
                        + " ROOMSYNC_IM_CALLBACK_TOKEN): set the token configured in the IM console, or set"
                        + " roomsync.ingest.require-signature=false to accept unsigned callbacks");
            }
            tokens.put(app.sdkAppId(), app.hasCallbackToken() ? app.callbackToken() : "");
        }
        return new CallbackCheck(tokens, ingest.signatureMaxAge());
    }

    @Bean
    CallbackIntake callbackIntake(CallbackCheck check, KafkaTemplate<String, ImEvent> template, TopicNames topics,
                                  IngestProperties ingest, MeterRegistry meters) {
        return new CallbackIntake(check, new CallbackParser(), new KafkaEventPublisher(template, topics.name(Topic.IM_EVENTS)),
                ingest.publishTimeout(), (int) ingest.maxBodySize().toBytes(), meters);
    }

    @Bean
    CallbackController callbackController(CallbackIntake intake, Clock clock) {
        return new CallbackController(intake, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "roomsync.ingest.bench-endpoint", havingValue = "true")
    BenchController benchController(CallbackCheck check, IngestProperties ingest, Clock clock) {
        CallbackIntake nothingPublished = new CallbackIntake(check, new CallbackParser(),
                (key, event) -> CompletableFuture.completedFuture(null), ingest.publishTimeout(),
                (int) ingest.maxBodySize().toBytes(), new SimpleMeterRegistry());
        return new BenchController(nothingPublished, clock);
    }
}
