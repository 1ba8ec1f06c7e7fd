package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scenario's room ids come from its seed, so a seed plays once per stack: a second run says so before it plays
 * anything, and a room taken between that check and its creation (Tencent's 10021) says the same.
 */
class SeedAlreadyPlayedTest {

    // The emulator alone, in this JVM, with no callback receiver: the scenario's checks need nothing else.
    private final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));
    private final Endpoints at = new Endpoints(emulator.baseUrl(), "http://127.0.0.1:1", "http://127.0.0.1:1",
            "127.0.0.1:1", "http://127.0.0.1:1");

    @AfterEach
    void close() {
        emulator.close();
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
    void aRoomTakenWhenItIsCreatedIsTheSameRefusal() {
        // Given an emulator where seed 7's room exists (created after the check, say by a second run at once)
        createRoom("scn_7_0");

        // When the scenario plays, then creating its room is refused as the seed played before, not as a Tencent error
        assertThatThrownBy(() -> new Scenario(1, 5, 7).play(at, line -> { }))
                .isExactlyInstanceOf(SeedAlreadyPlayed.class)
                .hasMessage("seed 7 was played on this stack already (room scn_7_0 exists)");
    }

    private void createRoom(String room) {
        Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "taken", "owner", "host_" + room));
    }
}
