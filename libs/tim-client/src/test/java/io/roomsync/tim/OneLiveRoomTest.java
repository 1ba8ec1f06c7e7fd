package io.roomsync.tim;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the client's tests against the emulator start from: a fresh emulator over HTTP, a client with a short first
 * backoff (20 ms), and live room {@code live_1} owned by {@code host_1} with alice, bob and carol in it.
 */
abstract class OneLiveRoomTest {

    EmulatorFixture tencent;
    SimpleMeterRegistry meters;
    TimClient client;

    @BeforeEach
    void startTencentWithOneLiveRoom() {
        tencent = EmulatorFixture.dev();
        meters = new SimpleMeterRegistry();
        client = new TimClient(TimClientConfig.custom().initialBackoff(Duration.ofMillis(20)).build(), meters);
        client.createLiveRoom(tencent.app, "live_1", "Friday stream", "host_1");
        tencent.control("POST", "rooms/live_1/join", "{\"users\":[\"alice\",\"bob\",\"carol\"]}");
    }

    @AfterEach
    void stopTencent() {
        client.close();
        tencent.close();
    }
}
