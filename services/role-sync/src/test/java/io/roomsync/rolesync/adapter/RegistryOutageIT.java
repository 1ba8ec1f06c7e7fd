package io.roomsync.rolesync.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.contract.member.CommandOutcome;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.RegistryWaits;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.teststack.TestStack;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14, case 3: a registry outage before role-sync cached a schema. Commands read meanwhile wait (readiness DOWN,
 * saying why), none is dead-lettered, and once the registry is back each is applied exactly once, without a restart.
 */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class RegistryOutageIT {

    static final RoleSyncFixture fixture = new RoleSyncFixture().createTopics();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fixture.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void commandsReadWhileTheRegistryIsDownWaitAndAreAppliedOnceItIsBack() {
        // Given a live room, and five mutes encoded while the registry answers (role-sync has decoded nothing yet)
        new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry()).createLiveRoom(fixture.app, "rs_registry", "Live", null);
        List<MemberCommand> mutes = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> fixture.command("rs_registry", MemberAction.MUTE, 600L, "viewer" + i)).toList();
        String commands = fixture.topic(Topic.MEMBER_COMMANDS);
        Serializer<MemberCommand> writer = new AvroSerdes(TestStack.get().registryUrl(), new RegistryWaits()).<MemberCommand>value()
                .serializer();
        List<byte[]> encoded = mutes.stream().map(mute -> writer.serialize(commands, mute)).toList();

        // When the registry stops and the commands are written
        TestStack.get().stopRegistry();
        JsonNode waiting;
        try {
            encoded.forEach(bytes -> Records.sendRaw(commands, "rs_registry", bytes));

            // Then role-sync is not ready, and says why
            waiting = awaitReadiness(503, health -> health.at("/components/schemaRegistry/status").asText().equals("DOWN"));
        } finally {
            TestStack.get().startRegistry();
        }
        assertThat(waiting.at("/status").asText()).isEqualTo("DOWN");
        assertThat(waiting.at("/components/schemaRegistry/details/reason").asText()).isEqualTo("registry unreachable: java.net.ConnectException");

        // And with the registry back, each command is applied exactly once, readiness is UP, and nothing was dead-lettered
        Set<String> ids = mutes.stream().map(MemberCommand::getId).collect(Collectors.toSet());
        List<ConsumerRecord<String, CommandResult>> results = fixture.results(result -> ids.contains(result.getCommandId()), 5, WAIT);
        assertThat(results).extracting(result -> result.value().getCommandId()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(results).extracting(result -> result.value().getOutcome()).containsOnly(CommandOutcome.APPLIED);
        JsonNode ready = awaitReadiness(200, health -> health.at("/status").asText().equals("UP"));
        assertThat(ready.at("/components/schemaRegistry/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/schemaRegistry/details/waits").asLong()).isPositive();
        assertThat(deadLetters()).allSatisfy((topic, count) -> assertThat(count).as(topic).isZero()).isNotEmpty();
    }

    /** role-sync's readiness once it answers {@code status} with a body that {@code matches}; fails after {@link #WAIT}. */
    private JsonNode awaitReadiness(int status, Predicate<JsonNode> matches) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/health/readiness", null);
            last = response.statusCode() + " " + response.body();
            try {
                JsonNode body = JSON.readTree(response.body());
                if (response.statusCode() == status && matches.test(body)) {
                    return body;
                }
            } catch (java.io.IOException notJson) {
                // not answered yet in JSON: ask again
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new AssertionError("readiness never answered " + status + " as expected; last: " + last);
    }

    /** Records on every dead-letter topic of this test, by topic. */
    private static Map<String, Long> deadLetters() {
        try (Admin admin = TestStack.get().admin()) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(fixture.prefix) && name.endsWith(".dlq")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> counts = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> counts.merge(partition.topic(), end.offset(), Long::sum));
            return counts;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the dead-letter topics", e);
        }
    }
}
