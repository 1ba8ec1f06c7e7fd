package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scenario's room ids come from its seed, so a seed plays once per stack: a second run says so before it plays
 * anything, and a room taken between that check and its creation (Tencent's 10021) says the same. So does a room
 * role-sync still holds member state of after the emulator restarted without it.
 */
class SeedAlreadyPlayedTest {

    // The emulator alone, in this JVM, with no callback receiver, and role-sync's room list answered by a stub: the
    // scenario's checks need nothing else.
    private final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));
    private final List<String> roomsRoleSyncHolds = new CopyOnWriteArrayList<>();
    private final List<String> roleSyncQueries = new CopyOnWriteArrayList<>();
    private final HttpServer roleSync = roleSyncRoomList();
    private final Endpoints at = new Endpoints(emulator.baseUrl(), "http://127.0.0.1:" + roleSync.getAddress().getPort(),
            "http://127.0.0.1:1", "127.0.0.1:1", "http://127.0.0.1:1");

    @AfterEach
    void close() {
        emulator.close();
        roleSync.stop(0);
    }

    @Test
    void roomIdsComeFromTheSeed() {
        assertThat(new Scenario(3, 50, 7).roomIds()).containsExactly("scn_7_0", "scn_7_1", "scn_7_2");
    }

    @Test
    void aSeedWhoseRoomsDoNotExistMayPlay() {
        // Given an emulator with another seed's room
        createRoom("scn_8_0");

        // When seed 7 is checked, then nothing is thrown
        new Scenario(2, 50, 7).ensureUnplayed(at);
    }

    @Test
    void aSeedPlayedBeforeIsNamedWithTheRoomThatExists() {
        // Given an emulator where seed 7's second room exists
        createRoom("scn_7_1");

        // When a scenario of seed 7 with two rooms is checked, then it is refused, naming that room
        assertThatThrownBy(() -> new Scenario(2, 50, 7).ensureUnplayed(at))
                .isExactlyInstanceOf(SeedAlreadyPlayed.class)
                .hasMessage("seed 7 was played on this stack already (room scn_7_1 exists)")
                .satisfies(e -> assertThat(((SeedAlreadyPlayed) e).room()).isEqualTo("scn_7_1"));
    }

    @Test
    void aSeedWhoseRoomsRoleSyncStillHoldsWasPlayed() {
        // Given an emulator that forgot its rooms (restarted) while role-sync kept seed 7's second room, and another
        // seed's room whose id contains the first one's prefix
        roomsRoleSyncHolds.add("scn_7_10");
        roomsRoleSyncHolds.add("scn_7_1");

        // When a scenario of seed 7 with two rooms is checked, then it is refused, naming that room and where it is
        assertThatThrownBy(() -> new Scenario(2, 50, 7).ensureUnplayed(at))
                .isExactlyInstanceOf(SeedAlreadyPlayed.class)
                .hasMessage("seed 7 was played on this stack already (role-sync holds member state of room scn_7_1)");
        assertThat(roleSyncQueries).containsExactly("room=scn_7_&limit=1000");
    }

    @Test
    void aRoomOfTheSamePrefixButNotTheSeedsDoesNotCount() {
        // Given role-sync holding scn_7_10 only (a room the two-room scenario of seed 7 does not have)
        roomsRoleSyncHolds.add("scn_7_10");

        // When seed 7 with two rooms is checked, then nothing is thrown
        new Scenario(2, 50, 7).ensureUnplayed(at);
    }

    @Test
    void aRoomTakenWhenItIsCreatedIsTheSameRefusal() {
        // Given an emulator where seed 7's room exists (created after the check, say by a second run at once)
        createRoom("scn_7_0");

        // When the scenario plays, then creating its room is refused as the seed played before, not as a Tencent error
        assertThatThrownBy(() -> new Scenario(1, 5, 7).play(at, line -> { }))
                .isExactlyInstanceOf(SeedAlreadyPlayed.class)
                .hasMessage("seed 7 was played on this stack already (room scn_7_0 exists)");
    }

    /** role-sync's GET /v1/rooms, answering with {@link #roomsRoleSyncHolds} whatever the search. */
    private HttpServer roleSyncRoomList() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/rooms", exchange -> {
                roleSyncQueries.add(exchange.getRequestURI().getRawQuery());
                byte[] body = roomsRoleSyncHolds.stream().map(room -> "{\"app\":1400000000,\"room\":\"" + room + "\"}")
                        .collect(java.util.stream.Collectors.joining(",", "[", "]")).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createRoom(String room) {
        Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "taken", "owner", "host_" + room));
    }
}
