package io.roomsync.notices.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.DeadLetterHeaders;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.GroupCreated;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.LatestByKey;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.teststack.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * notice-dispatch on the real broker and registry, with the emulator as Tencent and its simulated clients as the
 * audience; role-sync runs beside it from its built jar for the flow from a command to every client.
 */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class NoticeDispatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));
    private static final int ROLE_SYNC_PORT = TestStack.freePortNumber();
    /** The crash test's own notice-dispatch process (from its jar), on topics and an application id of its own. */
    private static final int CRASHING_PORT = TestStack.freePortNumber();
    private static final String CRASHING = "nd-crash-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static LocalStack processes;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("ROOMSYNC_IM_DOMAIN", emulator::baseUrl);
        String stateDir = Files.createTempDirectory(Path.of("target"), "streams-").toAbsolutePath().toString();
        registry.add("roomsync.notices.state-dir", () -> stateDir);
    }

    @BeforeAll
    static void startRoleSync() throws Exception {
        processes = TestStack.get().processes(Map.of(StackService.ROLE_SYNC, ROLE_SYNC_PORT, StackService.TIM_EMULATOR, emulator.port(),
                StackService.NOTICE_DISPATCH, CRASHING_PORT));
        processes.startService(StackService.ROLE_SYNC, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                "ROOMSYNC_ROLE_SYNC_STATE_DIR", Files.createTempDirectory(Path.of("target"), "role-sync-").toAbsolutePath().toString()));
    }

    @AfterAll
    static void stop() {
        processes.down();
        emulator.close();
    }

    @Test
    void aMuteThroughRoleSyncReachesEveryOnlineClientExactlyOnceWithTheNewVersion() throws Exception {
        // Given a live room with 20 viewers online
        control("POST", "rooms", "{\"groupId\":\"nd_mute\",\"name\":\"Live\"}");
        List<String> viewers = IntStream.range(0, 20).mapToObj(i -> "viewer_" + i).toList();
        control("POST", "rooms/nd_mute/join", JSON.writeValueAsString(Map.of("users", viewers)));

        // When an operator mutes viewer_3 through role-sync
        HttpResponse<String> accepted = http("http://127.0.0.1:" + ROLE_SYNC_PORT + "/v1/rooms/nd_mute/members/viewer_3/mute",
                "POST", "{\"seconds\":600,\"reason\":\"spam\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);

        // Then every client received exactly one roomsync notice, saying viewer_3 is muted at version 1
        for (String viewer : viewers) {
            ClientView view = awaitView(viewer, "nd_mute", v -> v.versions.getOrDefault("viewer_3", 0L) >= 1);
            assertThat(view.notices).as(viewer).hasSize(1);
            JsonNode notice = view.notices.get(0);
            assertThat(notice.path("type").asText()).isEqualTo("member.state");
            assertThat(notice.path("user").asText()).isEqualTo("viewer_3");
            assertThat(notice.path("version").asLong()).isEqualTo(1);
            assertThat(notice.path("mutedUntil").isNumber()).isTrue();
        }

        // And a client that joins later reads the same state from the room snapshot
        control("POST", "rooms/nd_mute/join", "{\"users\":[\"late\"]}");
        JsonNode snapshot = awaitSnapshot("nd_mute", s -> s.contains("viewer_3"));
        JsonNode entry = JSON.readTree(snapshot.path("rs.p0").asText()).get(0);
        assertThat(entry.path("u").asText()).isEqualTo("viewer_3");
        assertThat(entry.path("v").asLong()).isEqualTo(1);
        assertThat(entry.path("m").asLong()).isEqualTo(awaitView("viewer_0", "nd_mute", v -> true).members.get("viewer_3").path("mutedUntil").asLong());
        assertThat(ClientView.of(control("GET", "clients/late/inbox?room=nd_mute", null)).notices).isEmpty();
    }

    @Test
    void aProgrammeSetThroughTheApiIsAnnouncedAndKeptInTheRoomsAttributesUntilCancelled() throws Exception {
        // Given a live room with a viewer online
        control("POST", "rooms", "{\"groupId\":\"nd_programme\",\"name\":\"Live\"}");
        control("POST", "rooms/nd_programme/join", "{\"users\":[\"viewer\"]}");
        String api = "http://127.0.0.1:" + port + "/v1/rooms/nd_programme/programme";

        // When an operator sends a start that is no instant, then schedules a programme
        HttpResponse<String> refused = http(api, "PUT", "{\"url\":\"/p.webm\",\"start\":\"soon\",\"duration\":120}");
        HttpResponse<String> accepted = http(api, "PUT",
                "{\"url\":\"/demo/media/programme.webm\",\"start\":\"2026-11-30T03:00:00Z\",\"duration\":120}");

        // Then the first is refused saying why, and the room's attributes hold the programme at version 1
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body())).isEqualTo(JSON.readTree(
                "{\"error\":\"start is not an ISO-8601 instant (e.g. 2026-11-30T03:00:00Z): soon\"}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String scheduled = "{\"v\":1,\"url\":\"/demo/media/programme.webm\",\"start\":1796007600000,\"duration\":120,\"version\":1}";
        assertThat(awaitSnapshot("nd_programme", s -> s.contains("rs.programme")).path("rs.programme").asText()).isEqualTo(scheduled);
        // And the viewer was told, once
        assertThat(awaitProgrammeNotices("viewer", "nd_programme", 1)).containsExactly("{\"type\":\"programme\",\"v\":1,"
                + "\"room\":\"nd_programme\",\"programme\":{\"url\":\"/demo/media/programme.webm\",\"start\":1796007600000,"
                + "\"duration\":120,\"version\":1}}");
        // And the API reads it back
        JsonNode current = JSON.readTree(http(api, "GET", null).body());
        assertThat(current.path("start").asText()).isEqualTo("2026-11-30T03:00:00Z");
        assertThat(current.path("version").asLong()).isEqualTo(1);

        // When it is cancelled
        assertThat(http(api, "DELETE", null).statusCode()).isEqualTo(202);

        // Then the attributes say so at version 2, the viewer is told, and the API has no programme for the room
        assertThat(awaitSnapshot("nd_programme", s -> s.contains("cancelled")).path("rs.programme").asText())
                .isEqualTo("{\"v\":1,\"cancelled\":true,\"version\":2}");
        List<String> notices = awaitProgrammeNotices("viewer", "nd_programme", 2);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(1)).endsWith("\"programme\":{\"cancelled\":true,\"version\":2}}");
        HttpResponse<String> none = http(api, "GET", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body())).isEqualTo(JSON.readTree("{\"error\":\"no programme is scheduled in room nd_programme\"}"));
    }

    @Test
    void aBurstOfAThousandChangesReachesEveryClientWithinTheRoomsBudget() throws Exception {
        // Given a room with 5 clients, and 1,000 changes: 200 members, 5 versions each
        control("POST", "rooms", "{\"groupId\":\"nd_burst\",\"name\":\"Live\"}");
        List<String> clients = IntStream.range(0, 5).mapToObj(i -> "client_" + i).toList();
        control("POST", "rooms/nd_burst/join", JSON.writeValueAsString(Map.of("users", clients)));
        // (the counters are process-wide: let sends left over from other tests, such as retries, finish first)
        awaitQuietCounters();
        double sentBefore = count("roomsync.notices.sent");
        double supersededBefore = count("roomsync.notices.superseded");
        long latenciesBefore = latencies();

        // When they are published at once
        publish(states("nd_burst", 200, 5));

        // Then every client ends with version 5 of every member
        for (String client : clients) {
            ClientView view = awaitView(client, "nd_burst", v -> v.versions.size() == 200 && v.versions.values().stream().allMatch(x -> x == 5));
            // And no second of the room's messages went over the budget of 5
            assertThat(view.perSecond.values()).as(client).allMatch(count -> count <= 5);
            assertThat(new HashSet<>(view.randoms)).hasSameSizeAs(view.randoms);
            System.out.printf("burst: 1000 changes reached %s in %d messages (%.1f changes per message)%n", client,
                    view.notices.size(), 1000.0 / view.notices.size());
        }
        // And the metrics tell the same story: the messages sent, older versions superseded, a latency per member sent
        int messages = awaitView("client_0", "nd_burst", v -> true).notices.size();
        assertThat(count("roomsync.notices.sent") - sentBefore).isEqualTo(messages);
        assertThat(count("roomsync.notices.superseded") - supersededBefore).isPositive();
        assertThat(latencies() - latenciesBefore).isBetween(200L, 1000L);
    }

    @Test
    void underInjectedFaultsNothingIsLostAndNothingDoubled() throws Exception {
        // Given Tencent failing every send at first: the client's own retries (TimCaller) cannot get one through, so
        // the dispatcher's back-off surely comes into play. (At 30% alone, whether any send failed all of the client's
        // attempts was up to the dice, and so was this test.)
        double retriedBefore = count("roomsync.notices.retried");
        control("PUT", "faults/send_group_msg", "{\"errorCode\":10002,\"errorPercent\":100}");
        try {
            List<MemberState> all = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                control("POST", "rooms", "{\"groupId\":\"nd_fault_" + r + "\",\"name\":\"Live\"}");
                control("POST", "rooms/nd_fault_" + r + "/join", "{\"users\":[\"watcher\"]}");
                all.addAll(states("nd_fault_" + r, 50, 2));
            }
            // When the first of 20 waves of 15 changes goes out while every send fails, until the dispatcher retries
            publish(all.subList(0, 15));
            awaitCounter("roomsync.notices.retried", retried -> retried > retriedBefore);
            // and the other 19 waves, half a second apart, while Tencent fails 30% of sends and lets 10% time out
            // after delivering them
            control("PUT", "faults/send_group_msg", "{\"errorCode\":10002,\"errorPercent\":30,\"timeoutPercent\":10,\"timeoutMillis\":6000}");
            for (int wave = 1; wave < 20; wave++) {
                publish(all.subList(wave * 15, wave * 15 + 15));
                Thread.sleep(500);
            }

            // Then the watcher of each room ends with every member's last version, and no message twice
            for (int r = 0; r < 3; r++) {
                ClientView view = awaitView("watcher", "nd_fault_" + r,
                        v -> v.versions.size() == 50 && v.versions.values().stream().allMatch(x -> x == 2));
                assertThat(new HashSet<>(view.randoms)).as("no message delivered twice").hasSameSizeAs(view.randoms);
            }
            assertThat(control("GET", "stats", null).path("calls").path("send_group_msg 10002").asLong()).isPositive();
        } finally {
            control("DELETE", "faults", null);
        }
    }

    @Test
    void aRoomWhoseSendsFailHoldsUpNoOtherRoom() throws Exception {
        // Given room nd_sick, whose every message Tencent answers with 10002 after 2 s, and 4 healthy rooms
        List<String> rooms = List.of("nd_sick", "nd_well_0", "nd_well_1", "nd_well_2", "nd_well_3");
        for (String room : rooms) {
            control("POST", "rooms", "{\"groupId\":\"" + room + "\",\"name\":\"Live\"}");
            control("POST", "rooms/" + room + "/join", "{\"users\":[\"watcher\"]}");
        }
        double retriedBefore = count("roomsync.notices.retried");
        control("PUT", "faults/send_group_msg", "{\"errorCode\":10002,\"errorPercent\":100,\"latencyMillis\":2000,\"groupId\":\"nd_sick\"}");
        try {
            // When nd_sick gets changes, has failed, and then the healthy rooms get 20 members' changes, 3 versions each
            publish(Topic.MEMBER_STATE.defaultName(), states("nd_sick", 5, 1));
            awaitCounter("roomsync.notices.retried", retried -> retried > retriedBefore);
            List<MemberState> healthy = new ArrayList<>();
            rooms.subList(1, rooms.size()).forEach(room -> healthy.addAll(states(room, 20, 3)));
            publish(Topic.MEMBER_STATE.defaultName(), healthy);

            // Then each healthy room's watcher has every member's last version while nd_sick's calls still fail
            for (String room : rooms.subList(1, rooms.size())) {
                ClientView view = awaitView("watcher", room, v -> v.versions.size() == 20 && v.versions.values().stream().allMatch(x -> x == 3));
                assertThat(new HashSet<>(view.randoms)).as("no message delivered twice").hasSameSizeAs(view.randoms);
            }
            assertThat(ClientView.of(control("GET", "clients/watcher/inbox?room=nd_sick", null)).notices).isEmpty();
        } finally {
            control("DELETE", "faults", null);
        }
        // And once Tencent takes nd_sick's messages again, its watcher gets its changes, each message once
        ClientView sick = awaitView("watcher", "nd_sick", v -> v.versions.size() == 5 && v.versions.values().stream().allMatch(x -> x == 1));
        assertThat(new HashSet<>(sick.randoms)).hasSameSizeAs(sick.randoms);
    }

    @Test
    void aCrashInTheMiddleOfASendLosesNoNoticeAndDoublesNone() throws Exception {
        // Given a notice-dispatch process of its own (topics and application id of this test), and room nd_crash whose
        // every message Tencent delivers but answers only after the client stopped waiting
        Map<String, String> env = crashingEnvironment();
        String memberState = CRASHING + "." + Topic.MEMBER_STATE.defaultName();
        String notified = CRASHING + "-notified-versions-changelog";
        String prefix = Keys.memberPrefix(EmulatorConfig.DEV_APP, "nd_crash");
        control("POST", "rooms", "{\"groupId\":\"nd_crash\",\"name\":\"Live\"}");
        control("POST", "rooms/nd_crash/join", "{\"users\":[\"watcher\"]}");
        processes.startService(StackService.NOTICE_DISPATCH, env);
        control("PUT", "faults/send_group_msg", "{\"timeoutPercent\":100,\"timeoutMillis\":20000,\"groupId\":\"nd_crash\"}");
        try {
            // When 10 members change, the room's first message reaches the watcher (the others wait behind it), and the
            // process is killed before it has heard so
            publish(memberState, states("nd_crash", 10, 1));
            awaitView("watcher", "nd_crash", v -> !v.versions.isEmpty());
            assertThat(LatestByKey.of(notified, key -> key.startsWith(prefix))).as("not yet recorded as sent").isEmpty();
            processes.kill(StackService.NOTICE_DISPATCH.id());
        } finally {
            control("DELETE", "faults", null);
        }
        // and 5 of them change again while it is down, and it starts again
        publish(memberState, states("nd_crash", 5, 2).subList(5, 10));
        processes.startService(StackService.NOTICE_DISPATCH, env);

        // Then the watcher ends with every member's last version, and no message twice: the first message was sent
        // again as the same message, with the same Random, which Tencent delivers once
        ClientView view = awaitView("watcher", "nd_crash", v -> v.versions.size() == 10
                && IntStream.range(0, 10).allMatch(m -> v.versions.get("m" + m) == (m < 5 ? 2 : 1)));
        assertThat(new HashSet<>(view.randoms)).as("no message delivered twice").hasSameSizeAs(view.randoms);
        assertThat(new HashSet<>(view.notices)).as("no notice twice").hasSameSizeAs(view.notices);
        // And the restarted process recorded all 10 as notified: it sent the first message again and Tencent answered
        LatestByKey.awaitLive(notified, key -> key.startsWith(prefix), live -> live.size() == 10, WAIT);
    }

    /** The crash test's process: its own topics (created here), application id, state directory, and this emulator. */
    private static Map<String, String> crashingEnvironment() throws Exception {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            String name = CRASHING + "." + topic.defaultName();
            TestStack.get().createTopic(name, 3, topic.configs());
            TestStack.get().createTopic(Topic.dlqName(name), 3, Topic.dlqConfigs());
            properties.put("roomsync.topics." + topic.name().toLowerCase().replace('_', '-'), name);
        }
        properties.put("spring.cloud.stream.kafka.streams.binder.functions.dispatchNotices.application-id", CRASHING);
        return Map.of("SPRING_APPLICATION_JSON", JSON.writeValueAsString(properties),
                "ROOMSYNC_IM_DOMAIN", emulator.baseUrl(),
                "ROOMSYNC_NOTICES_STATE_DIR", Files.createTempDirectory(Path.of("target"), "crashing-").toAbsolutePath().toString());
    }

    @Test
    void aDestroyedRoomLeavesNothingInRoleSyncOrNoticeDispatchAndItsIdStartsClean() throws Exception {
        // Given room nd_end: alice, bob and carol joined (a stamped callback, so role-sync keeps their callback times)
        long app = EmulatorConfig.DEV_APP;
        String prefix = Keys.memberPrefix(app, "nd_end");
        String roomKey = Keys.appRoom(app, "nd_end");
        control("POST", "rooms", "{\"groupId\":\"nd_end\",\"name\":\"Live\"}");
        control("POST", "rooms/nd_end/join", "{\"users\":[\"alice\",\"bob\",\"carol\"]}");
        event("nd_end-join", "Group.CallbackAfterNewMemberJoin", Instant.now().minusSeconds(5),
                new MembersJoined("Apply", List.of("alice", "bob", "carol")));
        // (applied before the commands below, so every version is known: the joins are version 1)
        LatestByKey.awaitLive(Topic.MEMBER_STATE.defaultName(), key -> key.startsWith(prefix), live -> live.size() == 3, WAIT);
        // and bob muted and carol made admin through role-sync, which the clients heard of and the snapshot shows
        assertThat(roleSync("nd_end/members/bob/mute", "{\"seconds\":600,\"reason\":\"spam\"}").statusCode()).isEqualTo(202);
        assertThat(roleSync("nd_end/members/carol/admin", "{\"reason\":\"host\"}").statusCode()).isEqualTo(202);
        awaitView("alice", "nd_end", v -> v.versions.getOrDefault("bob", 0L) == 2 && v.versions.getOrDefault("carol", 0L) == 2);
        awaitSnapshot("nd_end", s -> s.contains("bob") && s.contains("carol"));
        // (what each store holds of the room then, so the checks after the end are of the right stores)
        Map<String, List<String>> held = Map.of(
                ROLE_SYNC + "member-states-changelog", List.of(prefix + "alice", prefix + "bob", prefix + "carol"),
                ROLE_SYNC + "member-callback-times-changelog", List.of(prefix + "alice|presence", prefix + "bob|presence", prefix + "carol|presence"),
                NOTIFIED, List.of(prefix + "bob", prefix + "carol"),
                NOTICE_DISPATCH + "room-members-changelog", List.of(prefix + "bob", prefix + "carol"),
                NOTICE_DISPATCH + "snapshot-numbers-changelog", List.of(roomKey));
        for (Map.Entry<String, List<String>> store : held.entrySet()) {
            LatestByKey.awaitLive(store.getKey(), ofRoom(prefix, roomKey), live -> new HashSet<>(live).equals(new HashSet<>(store.getValue())), WAIT);
        }
        assertThat(LatestByKey.awaitLive(ROLE_SYNC + "pending-expiries-changelog", ofRoom(prefix, roomKey), live -> !live.isEmpty(), WAIT))
                .singleElement().asString().endsWith("|" + prefix + "bob");

        // When Tencent destroys the room and its callback arrives
        control("DELETE", "rooms/nd_end", null);
        Instant ended = Instant.now();
        event("nd_end-destroy", "Group.CallbackAfterGroupDestroyed", ended, new GroupDestroyed("alice", "Live", List.of()));

        // Then role-sync first wrote each member cleared by the room's end, then a tombstone for each
        List<ConsumerRecord<String, MemberState>> cleared = Records.await(Topic.MEMBER_STATE.defaultName(), MemberState.class,
                state -> state.getRoom().equals("nd_end") && state.getCauseKind() == ChangeCause.ROOM_DESTROYED, 3, WAIT, Duration.ofSeconds(1));
        assertThat(cleared).extracting(r -> r.value().getMember() + " v" + r.value().getVersion())
                .containsExactlyInAnyOrder("alice v2", "bob v3", "carol v3");
        Map<String, byte[]> memberStates = LatestByKey.await(Topic.MEMBER_STATE.defaultName(), key -> key.startsWith(prefix),
                latest -> latest.size() == 3 && latest.values().stream().allMatch(java.util.Objects::isNull), WAIT);
        assertThat(memberStates.keySet()).containsExactlyInAnyOrder(prefix + "alice", prefix + "bob", prefix + "carol");
        // And nothing of the room is left in role-sync's and notice-dispatch's stores (their changelogs end with a
        // tombstone for every key they had), but when the room ended
        for (String store : held.keySet()) {
            LatestByKey.awaitLive(store, ofRoom(prefix, roomKey), List::isEmpty, WAIT);
        }
        for (String store : List.of(ROLE_SYNC + "pending-expiries-changelog", NOTICE_DISPATCH + "pending-rooms-changelog")) {
            LatestByKey.awaitLive(store, ofRoom(prefix, roomKey), List::isEmpty, WAIT);
        }
        Map<String, byte[]> end = LatestByKey.of(ROLE_SYNC + "ended-rooms-changelog", ofRoom(prefix, roomKey));
        assertThat(end).containsOnlyKeys(roomKey);
        assertThat(java.nio.ByteBuffer.wrap(end.get(roomKey)).getLong()).isEqualTo(ended.toEpochMilli());

        // And when Tencent creates the room again with the same id, and bob is muted there, it starts clean:
        control("POST", "rooms", "{\"groupId\":\"nd_end\",\"name\":\"Live again\"}");
        control("POST", "rooms/nd_end/join", "{\"users\":[\"alice\",\"bob\"]}");
        event("nd_end-again", "Group.CallbackAfterCreateGroup", ended.plusSeconds(1), new GroupCreated("host", "Live again", List.of()));
        assertThat(roleSync("nd_end/members/bob/mute", "{\"seconds\":600,\"reason\":\"spam\"}").statusCode()).isEqualTo(202);
        // the owner and bob at version 1, and alice's client hears of both
        ClientView view = awaitView("alice", "nd_end", v -> v.versions.containsKey("bob") && v.versions.containsKey("host"));
        assertThat(view.versions).containsOnly(Map.entry("bob", 1L), Map.entry("host", 1L));
        assertThat(view.members.get("host").path("role").asText()).isEqualTo("OWNER");
        assertThat(view.members.get("bob").path("mutedUntil").isNumber()).isTrue();
    }

    private static final String ROLE_SYNC = "roomsync-role-sync-";
    private static final String NOTICE_DISPATCH = "roomsync-notice-dispatch-";
    private static final String NOTIFIED = NOTICE_DISPATCH + "notified-versions-changelog";

    /**
     * The keys of a room in any of the services' stores: its members' keys and what starts with them, keys that end
     * with one (pending expiries: {@code <until>|<member key>}), and the room's own key.
     */
    private static Predicate<String> ofRoom(String memberPrefix, String roomKey) {
        return key -> key.startsWith(memberPrefix) || key.contains("|" + memberPrefix) || key.equals(roomKey);
    }

    /** Publishes a callback of room nd_end as ingest would, stamped {@code eventTime}. */
    private static void event(String id, String command, Instant eventTime, Object payload) {
        Records.send(Topic.IM_EVENTS.defaultName(), "nd_end", ImEvent.newBuilder().setId(id).setSdkAppId(EmulatorConfig.DEV_APP)
                .setCommand(command).setRoom("nd_end").setEventTime(eventTime).setReceivedAt(Instant.now()).setPayload(payload).build());
    }

    private static HttpResponse<String> roleSync(String roomPath, String body) {
        return http("http://127.0.0.1:" + ROLE_SYNC_PORT + "/v1/rooms/" + roomPath, "POST", body);
    }

    @Test
    void aMemberStateNoServiceCanDecodeIsDeadLetteredSayingNoticeDispatchAndCounted() throws Exception {
        // Given a record on member-state that is not Avro (role-sync's view beside reads the topic too)
        RecordMetadata poison = Records.sendRaw(Topic.MEMBER_STATE.defaultName(), "1400000000/nd_poison/m1",
                "not avro".getBytes(StandardCharsets.UTF_8));

        // When the services have dead-lettered it
        List<ConsumerRecord<String, byte[]>> letters = Records.deadLetters(Topic.MEMBER_STATE.dlqName(), poison, 2, WAIT,
                Duration.ofSeconds(1));

        // Then member-state.dlq holds it once from notice-dispatch and once from role-sync, the original bytes each
        assertThat(letters).extracting(letter -> Records.headers(letter).get(DeadLetterHeaders.SERVICE))
                .containsExactlyInAnyOrder("roomsync-notice-dispatch", "roomsync-role-sync");
        assertThat(letters).extracting(letter -> new String(letter.value(), StandardCharsets.UTF_8)).containsOnly("not avro");
        // And notice-dispatch counted its one, by source topic
        Counter counted = meters.get("roomsync.notices.dead.lettered").tag("topic", Topic.MEMBER_STATE.defaultName()).counter();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counted.count() < 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(counted.count()).isEqualTo(1.0);
    }

    private void awaitQuietCounters() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last = -1;
        while (System.nanoTime() < deadline) {
            double now = count("roomsync.notices.sent") + latencies() + count("roomsync.notices.retried");
            if (now == last) {
                return;
            }
            last = now;
            // Longer than a send can stay unanswered: the fault test's timeouts answer after 6 s, and the retry after
            // them counts only then (a 3 s window let one such send land in the burst's count).
            Thread.sleep(10_000);
        }
        throw new AssertionError("notice-dispatch never went quiet");
    }

    private void awaitCounter(String counter, java.util.function.DoublePredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(count(counter))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(counter + " never reached what was expected; it is " + count(counter));
    }

    private double count(String counter) {
        return meters.find(counter).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private long latencies() {
        var found = meters.find("roomsync.notices.latency").timer();
        return found == null ? 0 : found.count();
    }

    private static List<MemberState> states(String room, int members, int versions) {
        List<MemberState> states = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            for (int m = 0; m < members; m++) {
                states.add(MemberState.newBuilder().setSdkAppId(EmulatorConfig.DEV_APP).setRoom(room).setMember("m" + m)
                        .setRole(v % 2 == 0 ? MemberRole.ADMIN : MemberRole.MEMBER)
                        .setMutedUntil(v % 2 == 1 ? Instant.now().plusSeconds(600) : null).setVersion(v).setCause("test-" + v)
                        .setCauseKind(ChangeCause.COMMAND).setChangedAt(Instant.now()).build());
            }
        }
        return states;
    }

    private static void publish(List<MemberState> states) {
        publish(Topic.MEMBER_STATE.defaultName(), states);
    }

    private static void publish(String topic, List<MemberState> states) {
        try (KafkaProducer<String, Object> producer = Records.producer()) {
            for (MemberState state : states) {
                producer.send(new ProducerRecord<>(topic,
                        Keys.member(state.getSdkAppId(), state.getRoom(), state.getMember()), state));
            }
            producer.flush();
        }
    }

    private static ClientView awaitView(String user, String room, Predicate<ClientView> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ClientView view = null;
        while (System.nanoTime() < deadline) {
            view = ClientView.of(control("GET", "clients/" + user + "/inbox?room=" + room, null));
            if (done.test(view)) {
                Thread.sleep(1_500);
                return ClientView.of(control("GET", "clients/" + user + "/inbox?room=" + room, null));
            }
            Thread.sleep(250);
        }
        throw new AssertionError(user + " in " + room + " never saw what was expected; has " + (view == null ? "nothing" : view.versions));
    }

    /** The programme notices (Desc {@code roomsync.programme}) the user received in the room, once there are {@code count}. */
    private static List<String> awaitProgrammeNotices(String user, String room, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = new ArrayList<>();
            for (JsonNode message : control("GET", "clients/" + user + "/inbox?room=" + room, null)) {
                JsonNode content = message.path("body").get(0).path("MsgContent");
                if ("roomsync.programme".equals(content.path("Desc").asText())) {
                    found.add(content.path("Data").asText());
                }
            }
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(user + " in " + room + " never received " + count + " programme notices; has " + found);
    }

    private static JsonNode awaitSnapshot(String room, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode attributes = control("GET", "rooms/" + room + "/attributes", null);
            if (done.test(attributes.toString())) {
                return attributes;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no snapshot of " + room);
    }

    private static JsonNode control(String method, String path, String body) throws Exception {
        return JSON.readTree(http(emulator.baseUrl() + "/emulator/" + path, method, body).body());
    }

    private static HttpResponse<String> http(String url, String method, String body) {
        return TestHttp.call(method, url, body);
    }
}
