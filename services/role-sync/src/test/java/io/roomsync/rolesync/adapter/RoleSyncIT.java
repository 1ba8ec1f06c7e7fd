package io.roomsync.rolesync.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.DeadLetterHeaders;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.CommandOutcome;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** role-sync on the real broker and registry, with the emulator as Tencent. */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class RoleSyncIT {

    static final RoleSyncFixture fixture = new RoleSyncFixture();
    private static final Duration WAIT = Duration.ofSeconds(60);
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
    void aMuteEndsWithTheMemberMutedAtTencentOneNewStateAndOneAppliedResult() {
        // Given a live room
        tencent().createLiveRoom(fixture.app, "rs_mute", "Live", null);
        // When a mute command is sent
        MemberCommand mute = fixture.command("rs_mute", MemberAction.MUTE, 600L, "alice");
        fixture.send(mute);

        // Then exactly one applied result, one new state (version 1, muted until requestedAt + 600 s), and Tencent agrees
        List<ConsumerRecord<String, CommandResult>> results = fixture.results(r -> r.getCommandId().equals(mute.getId()), 1, WAIT);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).value().getOutcome()).isEqualTo(CommandOutcome.APPLIED);
        List<ConsumerRecord<String, MemberState>> states = fixture.states(s -> s.getRoom().equals("rs_mute"), 1, WAIT);
        assertThat(states).hasSize(1);
        assertThat(states.get(0).key()).isEqualTo("1400000000/rs_mute/alice");
        assertThat(states.get(0).value().getVersion()).isEqualTo(1);
        assertThat(states.get(0).value().getMutedUntil()).isEqualTo(mute.getRequestedAt().plusSeconds(600));
        assertThat(states.get(0).value().getCause()).isEqualTo(mute.getId());
        assertThat(tencent().getMutedMembers(fixture.app, "rs_mute")).extracting(m -> m.account()).containsExactly("alice");
    }

    @Test
    void aStrangerWithoutATokenCannotMakeHimselfAdminAndATokensSubjectIsTheRequester() throws Exception {
        // Given a live room (issue 15: an anonymous admin grant was applied in Tencent)
        tencent().createLiveRoom(fixture.app, "rs_auth", "Live", null);

        // When a stranger asks without a token, Then 401 in the API's shape, and Tencent has no admin
        HttpResponse<String> stranger = TestHttp.call("POST", "http://127.0.0.1:" + port + "/v1/rooms/rs_auth/members/me/admin",
                null, null);
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(stranger.body()).isEqualTo("{\"error\":\"unauthorized: a bearer token is required\"}");

        // When operator alice mutes a member with her token, naming another requester in a header
        String token = DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).subject("alice").mint();
        HttpResponse<String> mute = TestHttp.call("POST", "http://127.0.0.1:" + port
                + "/v1/rooms/rs_auth/members/viewer_1/mute", "{\"seconds\":60}", "Bearer " + token);
        assertThat(mute.statusCode()).isEqualTo(202);
        String commandId = JSON.readTree(mute.body()).path("commandId").asText();

        // Then the command on Kafka names alice, and it is applied
        assertThat(Records.await(fixture.topic(io.roomsync.contract.Topic.MEMBER_COMMANDS), MemberCommand.class,
                command -> command.getId().equals(commandId), 1, WAIT, Duration.ZERO))
                .extracting(record -> record.value().getRequester()).containsExactly("alice");
        assertThat(fixture.results(r -> r.getCommandId().equals(commandId), 1, WAIT))
                .extracting(record -> record.value().getOutcome()).containsExactly(CommandOutcome.APPLIED);
        assertThat(tencent().getAdmins(fixture.app, "rs_auth")).isEmpty();
    }

    @Test
    void aSixthAdminIsRejectedWithTencentsCodeAndChangesNoState() {
        tencent().createLiveRoom(fixture.app, "rs_admins", "Live", null);
        for (String admin : List.of("a1", "a2", "a3", "a4", "a5")) {
            fixture.send(fixture.command("rs_admins", MemberAction.GRANT_ADMIN, null, admin));
        }
        MemberCommand sixth = fixture.command("rs_admins", MemberAction.GRANT_ADMIN, null, "a6");
        fixture.send(sixth);

        CommandResult result = fixture.results(r -> r.getCommandId().equals(sixth.getId()), 1, WAIT).get(0).value();
        assertThat(result.getOutcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(result.getErrorCode()).isEqualTo(10004);
        assertThat(fixture.states(s -> s.getRoom().equals("rs_admins"), 5, WAIT)).extracting(r -> r.value().getMember())
                .containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void memberBOfRoomSlashAAndMemberASlashBOfTheRoomAreTwoMembers() throws Exception {
        // Given rooms "rs_k/a" and "rs_k" (Tencent allows '/' in group ids)
        tencent().createLiveRoom(fixture.app, "rs_k/a", "Live", null);
        tencent().createLiveRoom(fixture.app, "rs_k", "Live", null);

        // When b is muted in "rs_k/a", and "a/b" in "rs_k"
        fixture.send(fixture.command("rs_k/a", MemberAction.MUTE, 600L, "b"));
        fixture.send(fixture.command("rs_k", MemberAction.MUTE, 600L, "a/b"));

        // Then two states, each at version 1, under two escaped keys
        Map<String, Long> versions = fixture.states(s -> s.getRoom().startsWith("rs_k"), 2, WAIT).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().getVersion()));
        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of("1400000000/rs_k%2Fa/b", 1L, "1400000000/rs_k/a%2Fb", 1L));
        // and the query of room rs_k sees its own member only
        JsonNode muted = awaitJson("/v1/rooms/rs_k/members?role=muted", body -> body.findValuesAsText("user").size() == 1);
        assertThat(muted.findValuesAsText("user")).containsExactly("a/b");
    }

    @Test
    void readinessIncludesTheStreamThreads() throws Exception {
        // When readiness is asked (once the clients have started: they may still be joining their group)
        HttpResponse<String> readiness = TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/health/readiness", null);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (readiness.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            readiness = TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/health/readiness", null);
        }

        // Then it is UP, and its stream-thread component shows role-sync's client running with all its threads
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode streams = JSON.readTree(readiness.body()).path("components").path("streamThreads");
        assertThat(streams.path("status").asText()).isEqualTo("UP");
        JsonNode client = streams.path("details").elements().next();
        assertThat(client.path("state").asText()).isIn("RUNNING", "REBALANCING");
        assertThat(client.path("aliveThreads").asInt()).isEqualTo(client.path("threads").asInt());
    }

    @Test
    void theHttpApiPublishesCommandsAndAnswersFromTheState() throws Exception {
        tencent().createLiveRoom(fixture.app, "rs_http", "Live", null);

        HttpResponse<String> accepted = http("POST", "/v1/rooms/rs_http/members/bob/ban", "{\"seconds\":3600,\"reason\":\"abuse\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String commandId = JSON.readTree(accepted.body()).path("commandId").asText();

        JsonNode result = awaitJson("/v1/commands/" + commandId);
        assertThat(result.path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(result.path("action").asText()).isEqualTo("BAN");
        JsonNode bob = awaitJson("/v1/rooms/rs_http/members/bob", body -> body.path("version").asLong() == 1);
        assertThat(bob.path("banned").asBoolean()).isTrue();
        assertThat(bob.path("role").asText()).isEqualTo("MEMBER");
        assertThat(JSON.readTree(http("GET", "/v1/rooms/rs_http/members?role=banned", null).body()).findValuesAsText("user"))
                .containsExactly("bob");
        assertThat(JSON.readTree(http("GET", "/v1/rooms/rs_http/members/nobody", null).body()).path("version").asLong()).isZero();
    }

    @Test
    void theHttpApiRefusesBadInputWithAClearMessage() {
        assertThat(http("POST", "/v1/rooms/rs_x/members/bob/mute", "{\"seconds\":-1}").body())
                .contains("seconds must be between 1 and 2592000");
        assertThat(http("POST", "/v1/rooms/rs_x/members/bob/mute", "{}").statusCode()).isEqualTo(400);
        assertThat(http("POST", "/v1/rooms/rs_x/members/bob/ban", "{\"seconds\":99999999999}").statusCode()).isEqualTo(400);
        assertThat(http("POST", "/v1/rooms/rs_x/members/bob/mute", "not json").body()).contains("not valid JSON");
        assertThat(http("POST", "/v1/rooms/rs_x/members/has%20space/admin", null).body()).contains("user id must be");
        assertThat(http("GET", "/v1/rooms/rs_x/members?role=owner", null).body()).contains("role must be admin, muted or banned");
        assertThat(http("POST", "/v1/rooms/rs_x/members/bob/admin?app=99", null).body()).contains("app 99 is not served here");
    }

    @Test
    void reconcileOfARoomTencentDoesNotHaveIsNotFoundNeverA500() {
        // Given rooms the emulator (as Tencent) has never created: it answers 10010
        // When each is reconciled, Then 404 names the room; '..' is an id like any other (Spring MVC routes the URI as
        // sent); a path parameter is refused, since routing would drop it and act on room "a"
        assertThat(http("POST", "/v1/rooms/no_such_room/reconcile", null)).satisfies(answer -> {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo("{\"error\":\"room no_such_room not found in Tencent IM (error 10010)\"}");
        });
        assertThat(http("POST", "/v1/rooms/%252F/reconcile", null).body())
                .isEqualTo("{\"error\":\"room %2F not found in Tencent IM (error 10010)\"}");
        assertThat(http("POST", "/v1/rooms/a;b=c/reconcile", null)).satisfies(answer -> {
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"error\":\"bad-request: path parameters (';') are not accepted; "
                    + "write a ';' inside an id as %3B\"}");
        });
        assertThat(http("POST", "/v1/rooms/../reconcile", null).body())
                .isEqualTo("{\"error\":\"room .. not found in Tencent IM (error 10010)\"}");
    }

    @Test
    void reconcileRepairsAChangeMadeAtTencentOutsideRoomsync() throws Exception {
        // Given a member muted at Tencent directly, which roomsync never heard of
        tencent().createLiveRoom(fixture.app, "rs_reconcile", "Live", null);
        tencent().mute(fixture.app, "rs_reconcile", List.of("carol"), 900);

        // When the room is reconciled on demand
        assertThat(http("POST", "/v1/rooms/rs_reconcile/reconcile", null).statusCode()).isEqualTo(202);

        // Then the state says carol is muted, caused by the reconcile
        MemberState carol = fixture.states(s -> s.getRoom().equals("rs_reconcile"), 1, WAIT).get(0).value();
        assertThat(carol.getMember()).isEqualTo("carol");
        assertThat(carol.getCauseKind()).isEqualTo(ChangeCause.RECONCILE);
        assertThat(carol.getMutedUntil()).isNotNull();
    }

    @Test
    void anEndedMuteBecomesANewVersionWithoutACommand() {
        tencent().createLiveRoom(fixture.app, "rs_expiry", "Live", null);
        fixture.send(fixture.command("rs_expiry", MemberAction.MUTE, 2L, "dave"));

        List<ConsumerRecord<String, MemberState>> states = fixture.states(s -> s.getRoom().equals("rs_expiry"), 2, WAIT);

        assertThat(states).extracting(r -> r.value().getVersion()).containsExactly(1L, 2L);
        assertThat(states.get(1).value().getCauseKind()).isEqualTo(ChangeCause.EXPIRY);
        assertThat(states.get(1).value().getMutedUntil()).isNull();
    }

    @Test
    void aJoinDeliveredAfterANewerExitChangesNothingAndIsCounted() {
        // Given alice's join at T - 10 s and exit at T, then her join at T - 2 s delivered late (issue 14, case 2), and
        // a role change at T + 1 s after it
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        sendEvent("rs_late", "ev-late-1", t.minusSeconds(10), new MembersJoined("Apply", List.of("alice")));
        sendEvent("rs_late", "ev-late-2", t, new MembersExited("Quit", List.of("alice")));
        sendEvent("rs_late", "ev-late-3", t.minusSeconds(2), new MembersJoined("Apply", List.of("alice")));
        sendEvent("rs_late", "ev-late-4", t.plusSeconds(1), new MemberFieldChanged("alice", "Admin", null));

        // Then alice has exactly three versions: present, gone, and admin still gone (the late join made none)
        List<MemberState> states = fixture.states(s -> s.getRoom().equals("rs_late"), 3, WAIT).stream()
                .map(ConsumerRecord::value).toList();
        assertThat(states).extracting(MemberState::getVersion, MemberState::getPresent, MemberState::getRole, MemberState::getCause)
                .containsExactly(tuple(1L, true, MemberRole.MEMBER, "ev-late-1"), tuple(2L, false, MemberRole.MEMBER, "ev-late-2"),
                        tuple(3L, false, MemberRole.ADMIN, "ev-late-4"));
        // And the late join is counted once
        Matcher counter = Pattern.compile("(?m)^roomsync_rolesync_stale_callbacks_total(\\{[^}]*\\})? (\\S+)$")
                .matcher(TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/prometheus", null).body());
        assertThat(counter.find()).as("roomsync_rolesync_stale_callbacks_total").isTrue();
        assertThat(counter.group(2)).isEqualTo("1.0");
    }

    private void sendEvent(String room, String id, Instant eventTime, Object payload) {
        Records.send(fixture.topic(Topic.IM_EVENTS), room, ImEvent.newBuilder().setId(id).setSdkAppId(fixture.app.sdkAppId())
                .setCommand("Group.Callback").setRoom(room).setEventTime(eventTime).setReceivedAt(Instant.now())
                .setPayload(payload).build());
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicSayingWhoAndWhyIsCountedAndTheRoomGoesOn() throws Exception {
        // Given a record on the commands topic that is not Avro, and a good command of the same room after it
        tencent().createLiveRoom(fixture.app, "rs_poison", "Live", null);
        String commands = fixture.topic(Topic.MEMBER_COMMANDS);
        RecordMetadata poison = Records.sendRaw(commands, "rs_poison", "not avro".getBytes(StandardCharsets.UTF_8));
        MemberCommand after = fixture.command("rs_poison", MemberAction.GRANT_ADMIN, null, "erin");
        fixture.send(after);

        // When role-sync has gone past it (the good command has its result)
        assertThat(fixture.results(r -> r.getCommandId().equals(after.getId()), 1, WAIT)).hasSize(1);

        // Then the original bytes and key are on the .dlq once, from that record (its source headers), saying role-sync
        // wrote it and why
        List<ConsumerRecord<String, byte[]>> letters = Records.deadLetters(commands + ".dlq", poison, 1, WAIT, Duration.ofSeconds(1));
        assertThat(letters).hasSize(1);
        ConsumerRecord<String, byte[]> dead = letters.get(0);
        assertThat(dead.key()).isEqualTo("rs_poison");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(Records.headers(dead).get(DeadLetterHeaders.SERVICE)).isEqualTo(fixture.prefix + "-role-sync");
        assertThat(Records.headers(dead).get(DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
        assertThat(Records.headers(dead).get(DeadLetterHeaders.REASON)).isEqualTo("artifact reference cannot be null");
        // And it is counted once, by its source topic
        Matcher counter = Pattern.compile("(?m)^roomsync_rolesync_dead_lettered_total\\{[^}]*topic=\"" + Pattern.quote(commands)
                + "\"[^}]*\\} (\\S+)$").matcher(TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/prometheus", null).body());
        assertThat(counter.find()).as("roomsync_rolesync_dead_lettered_total for " + commands).isTrue();
        assertThat(counter.group(1)).isEqualTo("1.0");
    }

    @Test
    void underInjectedFaultsEveryCommandIsAppliedExactlyOnceInState() {
        // Given Tencent failing 20% of mutes and admin changes with a retryable internal error (a command still failing
        // after the client's retries, or refused by an open circuit breaker, is held and tried again)
        tencent().createLiveRoom(fixture.app, "rs_faults", "Live", null);
        fault("forbid_send_msg");
        fault("modify_admin");
        // When 40 commands alternate mutes and unmutes of 10 members (4 each)
        List<String> members = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
        for (int round = 0; round < 4; round++) {
            for (String member : members) {
                fixture.send(round % 2 == 0 ? fixture.command("rs_faults", MemberAction.MUTE, 600L, member)
                        : fixture.command("rs_faults", MemberAction.UNMUTE, null, member));
            }
        }

        // Then every command was applied, and each member has versions 1..4, each exactly once
        List<ConsumerRecord<String, CommandResult>> results = fixture.results(r -> r.getRoom().equals("rs_faults"), 40, Duration.ofSeconds(120));
        assertThat(results).extracting(r -> r.value().getOutcome()).containsOnly(CommandOutcome.APPLIED).hasSize(40);
        Map<String, List<Long>> versions = fixture.states(s -> s.getRoom().equals("rs_faults"), 40, WAIT).stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(MemberState::getMember, Collectors.mapping(MemberState::getVersion, Collectors.toList())));
        members.forEach(member -> assertThat(versions.get(member)).as(member).containsExactly(1L, 2L, 3L, 4L));
        assertThat(tencent().getMutedMembers(fixture.app, "rs_faults")).isEmpty();
    }

    @Test
    void aRoomWhoseCommandTencentKeepsFailingShowsAsHeldUntilTencentAnswers() throws Exception {
        // Given Tencent failing every admin change with a retryable error
        tencent().createLiveRoom(fixture.app, "rs_held", "Live", null);
        http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin", "{\"errorCode\":10002,\"errorPercent\":100}");
        try {
            // When an admin grant is sent
            MemberCommand grant = fixture.command("rs_held", MemberAction.GRANT_ADMIN, null, "helper");
            fixture.send(grant);

            // Then the room counts as holding commands
            awaitHeldRooms(1);
            // And once Tencent answers again, the held grant is applied and no room is held
            http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin", "{\"errorCode\":0,\"errorPercent\":0}");
            CommandResult result = fixture.results(r -> r.getCommandId().equals(grant.getId()), 1, Duration.ofSeconds(90)).get(0).value();
            assertThat(result.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
            awaitHeldRooms(0);
        } finally {
            http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin", "{\"errorCode\":0,\"errorPercent\":0}");
        }
    }

    @Test
    void aRoomWhoseCallsKeepFailingIsHeldWhileOtherRoomsCommandsAreApplied() throws Exception {
        // Given Tencent failing every admin change of room rs_stuck (only that room) with a retryable error
        tencent().createLiveRoom(fixture.app, "rs_stuck", "Live", null);
        List<String> flowing = IntStream.range(0, 5).mapToObj(i -> "rs_flowing_" + i).toList();
        flowing.forEach(room -> tencent().createLiveRoom(fixture.app, room, "Live", null));
        http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin",
                "{\"errorCode\":10002,\"errorPercent\":100,\"groupId\":\"rs_stuck\"}");
        try {
            // When rs_stuck gets a grant and then a mute, and five other rooms four mutes each
            MemberCommand grant = fixture.command("rs_stuck", MemberAction.GRANT_ADMIN, null, "mod");
            MemberCommand mute = fixture.command("rs_stuck", MemberAction.MUTE, 600L, "troll");
            fixture.send(grant);
            fixture.send(mute);
            flowing.forEach(room -> IntStream.range(0, 4).forEach(i -> fixture.send(fixture.command(room, MemberAction.MUTE, 600L, "v" + i))));

            // Then the other rooms' 20 mutes are applied, and muted at Tencent
            List<ConsumerRecord<String, CommandResult>> applied = fixture.results(r -> r.getRoom().startsWith("rs_flowing_"), 20, WAIT);
            assertThat(applied).hasSize(20).allMatch(r -> r.value().getOutcome() == CommandOutcome.APPLIED);
            flowing.forEach(room -> assertThat(tencent().getMutedMembers(fixture.app, room)).hasSize(4));
            // while rs_stuck holds its grant, and its mute behind it (the mute's own API works, but it waits its turn)
            awaitHeldRooms(1);
            assertThat(tencent().getMutedMembers(fixture.app, "rs_stuck")).isEmpty();

            // And once Tencent answers again, the grant and then the mute are applied, in the order given
            http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin", "{\"errorCode\":0,\"errorPercent\":0}");
            List<ConsumerRecord<String, CommandResult>> stuck = fixture.results(r -> r.getRoom().equals("rs_stuck"), 2, Duration.ofSeconds(90));
            assertThat(stuck).extracting(r -> r.value().getCommandId(), r -> r.value().getOutcome())
                    .containsExactly(tuple(grant.getId(), CommandOutcome.APPLIED), tuple(mute.getId(), CommandOutcome.APPLIED));
            assertThat(tencent().getAdmins(fixture.app, "rs_stuck")).containsExactly("mod");
            awaitHeldRooms(0);
        } finally {
            http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/modify_admin", "{\"errorCode\":0,\"errorPercent\":0}");
        }
    }

    /** Waits until the gauge of held rooms reads {@code rooms}, as Prometheus scrapes it. */
    private void awaitHeldRooms(int rooms) throws InterruptedException {
        Pattern gauge = Pattern.compile("(?m)^roomsync_rolesync_held_rooms(\\{[^}]*\\})? (\\S+)$");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "absent";
        while (System.nanoTime() < deadline) {
            Matcher found = gauge.matcher(TestHttp.call("GET", "http://127.0.0.1:" + managementPort + "/actuator/prometheus", null).body());
            if (found.find()) {
                last = found.group(2);
                if (Double.parseDouble(last) == rooms) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("roomsync_rolesync_held_rooms never read " + rooms + " (last " + last + ")");
    }

    private void fault(String command) {
        http(fixture.emulator.baseUrl(), "PUT", "/emulator/faults/" + command, "{\"errorCode\":10002,\"errorPercent\":20}");
    }

    private static TimClient tencentClient;

    private static synchronized TimClient tencent() {
        if (tencentClient == null) {
            tencentClient = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry());
        }
        return tencentClient;
    }

    private HttpResponse<String> http(String method, String path, String body) {
        return http("http://127.0.0.1:" + port, method, path, body);
    }

    private static HttpResponse<String> http(String base, String method, String path, String body) {
        return TestHttp.call(method, base + path, body);
    }

    private JsonNode awaitJson(String path) throws Exception {
        return awaitJson(path, body -> true);
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http("GET", path, null);
            if (response.statusCode() == 200) {
                JsonNode body = JSON.readTree(response.body());
                if (ready.test(body)) {
                    return body;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered as expected");
    }

    static {
        Records.class.getName();
    }
}
