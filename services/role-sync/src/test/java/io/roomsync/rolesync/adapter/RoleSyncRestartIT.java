package io.roomsync.rolesync.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.RoleSyncApplication;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * role-sync stopped in the middle of 1,000 commands, or while Tencent has applied a batched call whose answer never came,
 * and started again (on an empty state directory, so its state comes back from Kafka alone): nothing is lost, nothing
 * repeated, and the state ends where Tencent ends.
 */
@ExtendWith(RoomsyncStackExtension.class)
class RoleSyncRestartIT {

    private static final RoleSyncFixture fixture = new RoleSyncFixture();
    private static final int ROOMS = 25;
    private static final int MEMBERS_PER_ROOM = 5;
    private static final int COMMANDS_PER_MEMBER = 8;

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aRestartInTheMiddleOfAThousandCommandsLosesAndRepeatsNothing() throws Exception {
        // Given 25 live rooms of 5 members, and 8 commands per member that each change it (1,000 in all)
        fixture.createTopics();
        TimClient tencent = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry());
        List<MemberCommand> commands = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            String room = "rs_restart_" + r;
            tencent.createLiveRoom(fixture.app, room, "Live", null);
            for (int m = 0; m < MEMBERS_PER_ROOM; m++) {
                commands.addAll(commandsFor(room, "u" + m, m % 2 == 0));
            }
        }
        assertThat(commands).hasSize(1000);
        try (KafkaProducer<String, Object> producer = Records.producer()) {
            for (MemberCommand command : commands) {
                producer.send(new ProducerRecord<>(fixture.topic(io.roomsync.contract.Topic.MEMBER_COMMANDS), command.getRoom(), command));
            }
            producer.flush();
        }

        // When role-sync works through a part of them, stops, and starts again on an empty state directory
        ConfigurableApplicationContext first = start();
        awaitResults(300, Duration.ofSeconds(120));
        first.close();
        ConfigurableApplicationContext second = start();
        try {
            // Then every command has exactly one result, all applied
            List<ConsumerRecord<String, CommandResult>> results = fixture.results(r -> r.getRoom().startsWith("rs_restart_"),
                    1000, Duration.ofSeconds(240));
            assertThat(results).hasSize(1000);
            assertThat(results.stream().map(r -> r.value().getCommandId()).collect(Collectors.toSet())).hasSize(1000);
            assertThat(results).extracting(r -> r.value().getOutcome().name()).containsOnly("APPLIED");

            // And every member has versions 1..8, each exactly once, in order
            List<ConsumerRecord<String, MemberState>> states = fixture.states(s -> s.getRoom().startsWith("rs_restart_"),
                    1000, Duration.ofSeconds(60));
            Map<String, List<Long>> versions = states.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(r -> r.value().getVersion(), Collectors.toList())));
            assertThat(versions).hasSize(ROOMS * MEMBERS_PER_ROOM);
            versions.forEach((member, list) -> assertThat(list).as(member).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));

            // And the last state of every member is what Tencent holds
            Map<String, MemberState> last = new HashMap<>();
            states.forEach(r -> last.put(r.key(), r.value()));
            for (int r = 0; r < ROOMS; r++) {
                String room = "rs_restart_" + r;
                Set<String> muted = new HashSet<>();
                tencent.getMutedMembers(fixture.app, room).forEach(m -> muted.add(m.account()));
                Set<String> admins = new HashSet<>(tencent.getAdmins(fixture.app, room));
                for (int m = 0; m < MEMBERS_PER_ROOM; m++) {
                    MemberState state = last.get("1400000000/" + room + "/u" + m);
                    assertThat(state.getMutedUntil() != null).as(room + " u" + m + " muted").isEqualTo(muted.contains("u" + m));
                    assertThat(state.getRole() == MemberRole.ADMIN).as(room + " u" + m + " admin").isEqualTo(admins.contains("u" + m));
                }
            }
        } finally {
            second.close();
            tencent.close();
        }
    }

    @Test
    void aStopAfterTencentAppliedABatchedCallAndBeforeItsAnswerRepeatsTheCallButNoChange() throws Exception {
        // Given a live room whose mutes Tencent applies but answers only after the client stopped waiting (4 s, one
        // attempt a try)
        fixture.createTopics();
        TimClient tencent = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry());
        tencent.createLiveRoom(fixture.app, "rs_crash", "Live", null);
        emulatorFault("{\"timeoutPercent\":100,\"timeoutMillis\":20000,\"groupId\":\"rs_crash\"}");
        // And 30 ten-minute mutes of one member each, requested together (so one call can carry them all)
        // (in whole milliseconds, as the records carry times)
        Instant requestedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<MemberCommand> mutes = IntStream.range(0, 30).mapToObj(i -> MemberCommand.newBuilder(
                fixture.command("rs_crash", MemberAction.MUTE, 600L, "v" + i)).setRequestedAt(requestedAt).build()).toList();
        mutes.forEach(fixture::send);

        // When role-sync sends them (the room's oldest commands first; once the client gives up on that call, all 30
        // in one call), Tencent has applied all 30, and role-sync stops with no answer applied
        ConfigurableApplicationContext first = start(Map.of("roomsync.tencent.read-timeout", "4s",
                "roomsync.tencent.max-attempts", "1"));
        try {
            awaitMuted(tencent, "rs_crash", 30);
        } finally {
            first.close();
        }
        // and starts again once Tencent answers
        emulatorFault("{\"errorCode\":0,\"errorPercent\":0}");
        ConfigurableApplicationContext second = start(Map.of());
        try {
            // Then every command has exactly one result, APPLIED
            List<ConsumerRecord<String, CommandResult>> results = fixture.results(r -> r.getRoom().equals("rs_crash"), 30,
                    Duration.ofSeconds(120));
            assertThat(results).extracting(r -> r.value().getCommandId())
                    .containsExactlyInAnyOrderElementsOf(mutes.stream().map(MemberCommand::getId).toList());
            assertThat(results).extracting(r -> r.value().getOutcome().name()).containsOnly("APPLIED");
            // And every member changed once: version 1, muted until the command's end
            List<ConsumerRecord<String, MemberState>> states = fixture.states(s -> s.getRoom().equals("rs_crash"), 30,
                    Duration.ofSeconds(60));
            assertThat(states).hasSize(30);
            assertThat(states.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(30);
            assertThat(states).allSatisfy(r -> {
                assertThat(r.value().getVersion()).isEqualTo(1L);
                assertThat(r.value().getMutedUntil()).isEqualTo(requestedAt.plusSeconds(600));
            });
        } finally {
            second.close();
            tencent.close();
        }
    }

    /** Waits until Tencent lists {@code count} members of the room as muted. */
    private static void awaitMuted(TimClient tencent, String room, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int muted = 0;
        while (System.nanoTime() < deadline) {
            muted = tencent.getMutedMembers(fixture.app, room).size();
            if (muted == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(room + " never had " + count + " members muted at Tencent (last " + muted + ")");
    }

    /** Sets the emulator's fault of forbid_send_msg. */
    private static void emulatorFault(String fault) {
        TestHttp.call("PUT", fixture.emulator.baseUrl() + "/emulator/faults/forbid_send_msg", fault);
    }

    /** Eight commands, each a change: an admin-to-be is granted then muted and unmuted; the others muted and unmuted. */
    private static List<MemberCommand> commandsFor(String room, String member, boolean admin) {
        List<MemberCommand> commands = new ArrayList<>();
        for (int k = 0; k < COMMANDS_PER_MEMBER; k++) {
            MemberAction action = admin ? (k == 0 ? MemberAction.GRANT_ADMIN : k % 2 == 1 ? MemberAction.MUTE : MemberAction.UNMUTE)
                    : (k % 2 == 0 ? MemberAction.MUTE : MemberAction.UNMUTE);
            commands.add(fixture.command(room, action, action == MemberAction.MUTE ? 600L : null, member));
        }
        return commands;
    }

    private static ConfigurableApplicationContext start() throws Exception {
        return start(Map.of());
    }

    private static ConfigurableApplicationContext start(Map<String, String> overrides) throws Exception {
        Map<String, Object> properties = new HashMap<>(fixture.properties());
        properties.putAll(overrides);
        properties.put("roomsync.role-sync.state-dir", Files.createTempDirectory(Path.of("target"), "restart-").toAbsolutePath().toString());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        // As arguments: they must win over application.yml, as the environment would in production.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(RoleSyncApplication.class).profiles("dev").run(args);
    }

    private static void awaitResults(int count, Duration timeout) {
        assertThat(fixture.results(r -> r.getRoom().startsWith("rs_restart_"), count, timeout, Duration.ZERO)).hasSizeGreaterThanOrEqualTo(count);
    }
}
