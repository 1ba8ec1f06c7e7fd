package io.roomsync.moderation.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.roomsync.contract.DeadLetterHeaders;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * moderation on the real broker and registry, with the emulator as Tencent calling a real ingest, and role-sync and
 * notice-dispatch running beside it from their built jars: the whole path from a client's message to a verdict, a
 * recall, a mute and the room's notice.
 */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class ModerationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int INGEST_PORT = TestStack.freePortNumber();
    private static final int ROLE_SYNC_PORT = TestStack.freePortNumber();
    private static final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0,
            "http://127.0.0.1:" + INGEST_PORT + "/tencent-im/callback"));
    private static LocalStack processes;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("ROOMSYNC_IM_DOMAIN", emulator::baseUrl);
        String stateDir = Files.createTempDirectory(Path.of("target"), "streams-").toAbsolutePath().toString();
        registry.add("roomsync.moderation.state-dir", () -> stateDir);
    }

    @BeforeAll
    static void startTheOtherServices() throws Exception {
        processes = TestStack.get().processes(Map.of(StackService.INGEST, INGEST_PORT,
                StackService.ROLE_SYNC, ROLE_SYNC_PORT, StackService.NOTICE_DISPATCH, TestStack.freePortNumber(),
                StackService.TIM_EMULATOR, emulator.port()));
        processes.startService(StackService.INGEST, Map.of());
        processes.startService(StackService.ROLE_SYNC, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                "ROOMSYNC_ROLE_SYNC_STATE_DIR", Files.createTempDirectory(Path.of("target"), "role-sync-").toAbsolutePath().toString()));
        processes.startService(StackService.NOTICE_DISPATCH, Map.of("ROOMSYNC_NOTICES_STATE_DIR",
                Files.createTempDirectory(Path.of("target"), "notices-").toAbsolutePath().toString()));
    }

    @AfterAll
    static void stop() {
        processes.down();
        emulator.close();
    }

    @Test
    void aPolicyChangeReachesIngestWithoutARestart_firstRejectingThenMasking() throws Exception {
        // Given a room with two viewers, and a policy that rejects "scam" with code 10123
        control("POST", "rooms", "{\"groupId\":\"mod_words\",\"name\":\"Live\"}");
        control("POST", "rooms/mod_words/join", "{\"users\":[\"viewer_1\",\"viewer_2\"]}");
        HttpResponse<String> put = api("PUT", "/v1/policies/mod_words",
                "{\"bannedTerms\":[\"scam\"],\"bannedTermAction\":\"REJECT\",\"rejectCode\":10123,\"rejectText\":\"no scams\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("revision").asLong()).isEqualTo(1);

        // When viewer_1 writes the term in full width (until ingest's replica has the policy, it is delivered)
        JsonNode rejected = await(() -> send("mod_words", "viewer_1", "what a ＳＣＡＭ"), sent -> sent.path("errorCode").asInt() != 0);

        // Then Tencent refused it with the room's code and text
        assertThat(rejected.path("errorCode").asInt()).isEqualTo(10123);
        assertThat(rejected.path("errorInfo").asText()).isEqualTo("no scams");

        // When the policy changes to masking
        assertThat(api("PUT", "/v1/policies/mod_words", "{\"bannedTerms\":[\"scam\"],\"bannedTermAction\":\"MASK\"}").statusCode())
                .isEqualTo(200);
        JsonNode masked = await(() -> send("mod_words", "viewer_1", "another s-c-a-m!"), sent -> sent.path("errorCode").asInt() == 0);

        // Then the message is delivered to viewer_2 with the term masked as written, fillers included
        JsonNode inbox = control("GET", "clients/viewer_2/inbox?room=mod_words", null);
        JsonNode delivered = find(inbox, m -> m.path("seq").asLong() == masked.path("msgSeq").asLong());
        assertThat(delivered.path("body").get(0).path("MsgContent").path("Text").asText()).isEqualTo("another *******!");

        // And the audit trail has the rejection, from the Before-send phase
        JsonNode decisions = await(() -> JSON.readTree(api("GET", "/v1/rooms/mod_words/decisions?limit=50", null).body()),
                list -> list.toString().contains("REJECT"));
        JsonNode rejection = find(decisions, d -> d.path("verdict").asText().equals("REJECT"));
        assertThat(rejection.path("phase").asText()).isEqualTo("BEFORE_SEND");
        assertThat(rejection.path("rule").asText()).isEqualTo("banned-terms");
        assertThat(rejection.path("member").asText()).isEqualTo("viewer_1");
        // under the revision ingest judged it by, whatever moderation's policy was when it got to the event
        assertThat(rejection.path("evidence").asText()).endsWith("; policy revision 1");
    }

    @Test
    void aFloodEndsWithTheMessageRecalledTheMemberMutedAndTheRoomNotified() throws Exception {
        // Given a room where more than 3 messages in 10 s is a flood, and the first offence a 10-minute mute
        control("POST", "rooms", "{\"groupId\":\"mod_flood\",\"name\":\"Live\"}");
        control("POST", "rooms/mod_flood/join", "{\"users\":[\"flooder\",\"watcher\"]}");
        assertThat(api("PUT", "/v1/policies/mod_flood", "{\"floodMessages\":3,\"floodWindowSeconds\":10,"
                + "\"ladder\":[{\"offences\":1,\"sanction\":\"MUTE\",\"seconds\":600}]}").statusCode()).isEqualTo(200);
        await(() -> JSON.readTree(api("GET", "/v1/policies/mod_flood", null).body()), p -> p.path("floodMessages").asInt() == 3);

        // When the flooder sends 5 messages at once
        for (int i = 0; i < 5; i++) {
            assertThat(send("mod_flood", "flooder", "buy now " + i).path("errorCode").asInt()).isZero();
        }

        // Then Tencent has the flooder muted, through role-sync
        await(() -> control("GET", "rooms/mod_flood", null), room -> room.path("muted").has("flooder"));
        // And the watcher's client saw the 4th message recalled, and a roomsync notice that the flooder is muted
        JsonNode inbox = await(() -> control("GET", "clients/watcher/inbox?room=mod_flood", null),
                messages -> messages.toString().contains("member.state"));
        JsonNode fourth = find(inbox, m -> m.path("body").toString().contains("buy now 3"));
        assertThat(fourth.path("recalled").asBoolean()).isTrue();
        assertThat(find(inbox, m -> m.path("body").toString().contains("buy now 2")).path("recalled").asBoolean()).isFalse();
        JsonNode notice = JSON.readTree(find(inbox, m -> m.path("body").toString().contains("member.state"))
                .path("body").get(0).path("MsgContent").path("Data").asText());
        assertThat(notice.toString()).contains("flooder");
        // And the flooder can no longer speak
        assertThat(send("mod_flood", "flooder", "hello?").path("errorCode").asInt()).isEqualTo(10017);
    }

    @Test
    void aDestroyedRoomLeavesNothingInAnyServiceButItsPolicy() throws Exception {
        // Given a room with a flood rule, a host made admin through role-sync, and a flooder muted for flooding
        long app = EmulatorConfig.DEV_APP;
        String prefix = Keys.memberPrefix(app, "mod_end");
        String roomKey = Keys.appRoom(app, "mod_end");
        Predicate<String> ofRoom = key -> key.startsWith(prefix) || key.contains("|" + prefix) || key.equals(roomKey);
        control("POST", "rooms", "{\"groupId\":\"mod_end\",\"name\":\"Live\"}");
        control("POST", "rooms/mod_end/join", "{\"users\":[\"host\",\"flooder\",\"watcher\"]}");
        assertThat(api("PUT", "/v1/policies/mod_end", "{\"floodMessages\":3,\"floodWindowSeconds\":10,"
                + "\"ladder\":[{\"offences\":1,\"sanction\":\"MUTE\",\"seconds\":600}]}").statusCode()).isEqualTo(200);
        await(() -> JSON.readTree(api("GET", "/v1/policies/mod_end", null).body()), p -> p.path("floodMessages").asInt() == 3);
        assertThat(http("http://127.0.0.1:" + ROLE_SYNC_PORT + "/v1/rooms/mod_end/members/host/admin", "POST", "{\"reason\":\"host\"}")
                .statusCode()).isEqualTo(202);
        LatestByKey.awaitLive(MODERATION + "exempt-members-changelog", ofRoom, live -> live.equals(List.of(prefix + "host")), WAIT);
        for (int i = 0; i < 5; i++) {
            send("mod_end", "flooder", "buy now " + i);
        }
        await(() -> control("GET", "rooms/mod_end", null), room -> room.path("muted").has("flooder"));
        // (moderation then remembers the flooder's conduct, the watcher having said nothing)
        LatestByKey.awaitLive(MODERATION + "member-conduct-changelog", ofRoom, live -> live.equals(List.of(prefix + "flooder")), WAIT);
        List<String> members = List.of(prefix + "host", prefix + "flooder", prefix + "watcher");
        LatestByKey.awaitLive(Topic.MEMBER_STATE.defaultName(), ofRoom, live -> new java.util.HashSet<>(live).equals(new java.util.HashSet<>(members)), WAIT);

        // When Tencent destroys the room (its callback goes through ingest, as Tencent's would)
        control("DELETE", "rooms/mod_end", null);

        // Then the member-state topic ends with a tombstone for each of its members
        Map<String, byte[]> states = LatestByKey.await(Topic.MEMBER_STATE.defaultName(), ofRoom,
                latest -> latest.values().stream().allMatch(java.util.Objects::isNull), WAIT);
        assertThat(states.keySet()).containsExactlyInAnyOrderElementsOf(members);
        // And nothing of the room is left in moderation's stores, role-sync's member states or notice-dispatch's
        for (String store : List.of(MODERATION + "member-conduct-changelog", MODERATION + "text-senders-changelog",
                MODERATION + "exempt-members-changelog", "roomsync-role-sync-member-states-changelog",
                "roomsync-role-sync-member-callback-times-changelog", "roomsync-role-sync-pending-expiries-changelog",
                "roomsync-notice-dispatch-notified-versions-changelog", "roomsync-notice-dispatch-room-members-changelog",
                "roomsync-notice-dispatch-snapshot-numbers-changelog")) {
            LatestByKey.awaitLive(store, ofRoom, List::isEmpty, WAIT);
        }
        // But the room's policy stays: it is an operator's configuration, for the room id whatever room Tencent gives it
        assertThat(JSON.readTree(api("GET", "/v1/policies/mod_end", null).body()).path("floodMessages").asInt()).isEqualTo(3);
    }

    private static final String MODERATION = "roomsync-moderation-";

    @Test
    void oneTextFromMembersOfSeveralRoomsIsAnAppWideWaveAndRecalled() throws Exception {
        // Given three rooms without rules of their own, a watcher in each, and an app default of at most 2 senders
        for (int r = 1; r <= 3; r++) {
            control("POST", "rooms", "{\"groupId\":\"mod_wave_" + r + "\",\"name\":\"Live\"}");
            control("POST", "rooms/mod_wave_" + r + "/join", "{\"users\":[\"spammer_" + r + "\",\"watcher_" + r + "\"]}");
        }
        assertThat(api("PUT", "/v1/policies/*", "{\"waveMembers\":2,\"waveWindowSeconds\":60}").statusCode()).isEqualTo(200);
        await(() -> JSON.readTree(api("GET", "/v1/policies/mod_wave_1", null).body()), p -> p.path("waveMembers").asInt() == 2);

        // When a member of each room sends the same advert
        for (int r = 1; r <= 3; r++) {
            assertThat(send("mod_wave_" + r, "spammer_" + r, "Free coins at my channel!").path("errorCode").asInt()).isZero();
        }

        // Then the copy that arrived third (rooms are on different partitions, so which one is not fixed) is recalled
        // for its room's watcher, the other two stay, and that room's decision says why
        JsonNode recalled = await(() -> {
            var copies = JSON.createArrayNode();
            for (int r = 1; r <= 3; r++) {
                JsonNode inbox = control("GET", "clients/watcher_" + r + "/inbox?room=mod_wave_" + r, null);
                copies.add(JSON.createObjectNode().put("room", "mod_wave_" + r).put("recalled", inbox.get(0).path("recalled").asBoolean()));
            }
            return copies;
        }, copies -> copies.findValues("recalled").stream().filter(JsonNode::asBoolean).count() == 1,
                () -> "app-wave texts " + count("roomsync.moderation.app-wave.texts") + ", found " + count("roomsync.moderation.app-wave.found"));
        Thread.sleep(1_000);
        String room = null;
        int recalledCopies = 0;
        for (JsonNode copy : recalled) {
            if (copy.path("recalled").asBoolean()) {
                room = copy.path("room").asText();
                recalledCopies++;
            }
        }
        assertThat(recalledCopies).isEqualTo(1);
        String waveRoom = room;
        JsonNode decision = await(() -> JSON.readTree(api("GET", "/v1/rooms/" + waveRoom + "/decisions", null).body()), list -> list.size() > 0).get(0);
        assertThat(decision.path("rule").asText()).isEqualTo("app-spam-wave");
        assertThat(decision.path("verdict").asText()).isEqualTo("RECALL");
        assertThat(decision.path("evidence").asText()).startsWith("3 members across rooms sent it in 60 s, limit 2");
        api("DELETE", "/v1/policies/*", null);
    }

    @Test
    void aBadPolicyIsRefusedWholeWithEveryProblemNamed() throws Exception {
        // Given a valid policy in force
        assertThat(api("PUT", "/v1/policies/mod_bad", "{\"maxLength\":100}").statusCode()).isEqualTo(200);
        await(() -> JSON.readTree(api("GET", "/v1/policies/mod_bad", null).body()), p -> p.path("maxLength").asInt() == 100);

        // When a policy with an unknown field, a bad code and an absurd mute is sent
        HttpResponse<String> refused = api("PUT", "/v1/policies/mod_bad", "{\"maxLength\":5,\"colour\":\"red\",\"rejectCode\":1,"
                + "\"ladder\":[{\"offences\":1,\"sanction\":\"MUTE\",\"seconds\":99999999}]}");

        // Then it is refused with each problem, and the policy in force is unchanged
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("problems").toString()).isEqualTo("[\"colour: no such field\","
                + "\"rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got 1\","
                + "\"ladder[0]: a mute lasts 1 s to 30 days, got 99999999 s\"]");
        Thread.sleep(1_000);
        assertThat(JSON.readTree(api("GET", "/v1/policies/mod_bad", null).body()).path("maxLength").asInt()).isEqualTo(100);
    }

    @Test
    void aRecordNoServiceCanDecodeIsDeadLetteredOncePerServiceSayingWhichAndCounted() throws Exception {
        // Given a record on im-events that is not Avro: moderation reads the topic, and so does role-sync beside it
        RecordMetadata poison = Records.sendRaw(Topic.IM_EVENTS.defaultName(), "mod_poison", "not avro".getBytes(StandardCharsets.UTF_8));

        // When both services have dead-lettered it
        List<ConsumerRecord<String, byte[]>> letters = Records.deadLetters(Topic.IM_EVENTS.dlqName(), poison, 2, WAIT, Duration.ofSeconds(1));

        // Then the shared .dlq holds it once per service, each saying which service wrote it, about the same record
        assertThat(letters).extracting(letter -> Records.headers(letter).get(DeadLetterHeaders.SERVICE))
                .containsExactlyInAnyOrder("roomsync-moderation", "roomsync-role-sync");
        assertThat(letters).extracting(letter -> new String(letter.value(), StandardCharsets.UTF_8)).containsOnly("not avro");
        assertThat(letters).extracting(letter -> Records.headers(letter).get(DeadLetterHeaders.EXCEPTION)).containsOnly("java.lang.IllegalStateException");
        // And moderation counted its one, by source topic
        Counter counted = meters.get("roomsync.moderation.dead.lettered").tag("topic", Topic.IM_EVENTS.defaultName()).counter();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counted.count() < 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(counted.count()).isEqualTo(1.0);
    }

    private JsonNode send(String room, String from, String text) throws Exception {
        return control("POST", "rooms/" + room + "/messages", JSON.writeValueAsString(Map.of("from", from, "text", text)));
    }

    private static JsonNode find(JsonNode list, Predicate<JsonNode> which) {
        for (JsonNode item : list) {
            if (which.test(item)) {
                return item;
            }
        }
        throw new AssertionError("nothing as expected in " + list);
    }

    private interface Probe {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(Probe probe, Predicate<JsonNode> done) throws Exception {
        return await(probe, done, () -> "");
    }

    private double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static JsonNode await(Probe probe, Predicate<JsonNode> done, java.util.function.Supplier<String> context) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("never as expected; last: " + last + " " + context.get());
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return http("http://127.0.0.1:" + port + path, method, body);
    }

    private static JsonNode control(String method, String path, String body) throws Exception {
        return JSON.readTree(http(emulator.baseUrl() + "/emulator/" + path, method, body).body());
    }

    private static HttpResponse<String> http(String url, String method, String body) {
        return TestHttp.call(method, url, body);
    }
}
