package io.roomsync.rolesync.adapter;

import io.roomsync.contract.Topic;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.teststack.Records;
import io.roomsync.tim.TimApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What role-sync's integration tests share: the emulator as Tencent, topic names of the test's own (so test classes
 * sharing the broker never see each other's records), and the properties that point role-sync at both.
 */
final class RoleSyncFixture {

    final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));
    final TimApp app = new TimApp(EmulatorConfig.DEV_APP, URI.create(emulator.baseUrl()), "administrator", EmulatorConfig.DEV_SECRET_KEY);
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);

    /** Creates the test's topics as the catalogue describes them (role-sync would, but a test may write first). */
    RoleSyncFixture createTopics() {
        for (Topic topic : Topic.values()) {
            io.roomsync.teststack.TestStack.get().createTopic(topic(topic), 3, topic.configs());
            io.roomsync.teststack.TestStack.get().createTopic(Topic.dlqName(topic(topic)), 3, Topic.dlqConfigs());
        }
        io.roomsync.teststack.TestStack.get().createTopic(prefix + ".role-sync.observations", 3, Map.of());
        return this;
    }

    String topic(Topic topic) {
        return prefix + "." + topic.defaultName();
    }

    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            properties.put("roomsync.topics." + topic.name().toLowerCase().replace('_', '-'), topic(topic));
        }
        properties.put("roomsync.role-sync.observation-topic", prefix + ".role-sync.observations");
        properties.put("roomsync.role-sync.results-by-id-topic", prefix + ".role-sync.results-by-id");
        properties.put("roomsync.role-sync.reconcile-interval", "0s");
        properties.put("roomsync.role-sync.expiry-check-interval", "200ms");
        properties.put("spring.cloud.stream.kafka.streams.binder.functions.roleSync.application-id", prefix + "-role-sync");
        // The apps list comes whole from one property source; its placeholders are how to change one value.
        properties.put("ROOMSYNC_IM_DOMAIN", emulator.baseUrl());
        properties.put("roomsync.tencent.initial-backoff", "20ms");
        properties.put("roomsync.tencent.max-backoff", "200ms");
        try {
            properties.put("roomsync.role-sync.state-dir", Files.createTempDirectory(Path.of("target"), "streams-").toAbsolutePath().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }

    MemberCommand command(String room, MemberAction action, Long seconds, String... members) {
        return MemberCommand.newBuilder().setId(UUID.randomUUID().toString()).setSdkAppId(EmulatorConfig.DEV_APP)
                .setRoom(room).setMembers(List.of(members)).setAction(action).setDurationSeconds(seconds)
                .setReason("test").setRequester("it").setRequestedAt(Instant.now()).build();
    }

    void send(MemberCommand command) {
        Records.send(topic(Topic.MEMBER_COMMANDS), command.getRoom(), command);
    }

    List<ConsumerRecord<String, CommandResult>> results(Predicate<CommandResult> which, int expected, Duration timeout) {
        return results(which, expected, timeout, Duration.ofSeconds(1));
    }

    List<ConsumerRecord<String, CommandResult>> results(Predicate<CommandResult> which, int expected, Duration timeout, Duration settle) {
        return Records.await(topic(Topic.COMMAND_RESULTS), CommandResult.class, which, expected, timeout, settle);
    }

    List<ConsumerRecord<String, MemberState>> states(Predicate<MemberState> which, int expected, Duration timeout) {
        return Records.await(topic(Topic.MEMBER_STATE), MemberState.class, which, expected, timeout, Duration.ofSeconds(1));
    }

    void close() {
        emulator.close();
    }
}
