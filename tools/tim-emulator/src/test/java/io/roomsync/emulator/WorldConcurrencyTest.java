package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rooms are served concurrently, each under its own lock, without loosening any of Tencent's rules. */
class WorldConcurrencyTest {

    private static final long APP = EmulatorConfig.DEV_APP;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MovableClock clock = new MovableClock(Instant.ofEpochSecond(1764064800L));
    private final EmulatorConfig config = EmulatorConfig.dev(0, null);
    private final World world = new World(config, clock, new Callbacks(config, clock));

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a measure
    void aCallOnOneRoomIsServedWhileAnotherRoomIsBusy() {
        world.createGroup(APP, "AVChatRoom", "live_a", "A", null);
        world.createGroup(APP, "AVChatRoom", "live_b", "B", null);

        // Given room A in the middle of an operation (its lock held), when room B is muted from another thread
        List<String> mutedInB = world.inRoom(APP, "live_a", roomA -> CompletableFuture.supplyAsync(() -> {
            world.mute(APP, "live_b", List.of("bob"), 600);
            return List.copyOf(world.muted(APP, "live_b").keySet());
        }).join());

        // Then B's call went through without waiting for A (a world-wide lock would never have let it)
        assertThat(mutedInB).containsExactly("bob");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a measure
    void aCallThatFoundARoomDestroyedMeanwhileAnswers10010() throws Exception {
        world.createGroup(APP, "AVChatRoom", "live_a", "A", null);
        CompletableFuture<Throwable> mute = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                world.mute(APP, "live_a", List.of("bob"), 600);
                mute.complete(null);
            } catch (Throwable e) {
                mute.complete(e);
            }
        });

        // Given a mute that found the room and waits for its lock, when the room is destroyed first
        world.inRoom(APP, "live_a", room -> {
            caller.start();
            while (caller.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            world.destroyGroup(APP, "live_a");
            return null;
        });

        // Then the mute answers as for a room that does not exist
        assertThat(mute.get()).isInstanceOfSatisfying(TimError.class, e -> assertThat(e.code).isEqualTo(10010));
    }

    @Test
    void theSameRandomAndContentIsADuplicateForFiveMinutesAndNoLonger() throws Exception {
        world.createGroup(APP, "AVChatRoom", "live_a", "A", null);
        var body = JSON.readTree("[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]");

        World.Sent first = world.sendGroupMessage(APP, "live_a", "administrator", 7, "Normal", body, null, false, true, true);
        clock.advanceMillis(5 * 60 * 1000);
        World.Sent atTheEnd = world.sendGroupMessage(APP, "live_a", "administrator", 7, "Normal", body, null, false, true, true);
        clock.advanceMillis(1);
        World.Sent after = world.sendGroupMessage(APP, "live_a", "administrator", 7, "Normal", body, null, false, true, true);

        assertThat(first.dropped()).isFalse();
        assertThat(atTheEnd.dropped()).isTrue();
        assertThat(atTheEnd.dropReason()).isEqualTo("Duplicate");
        assertThat(atTheEnd.msgSeq()).isEqualTo(first.msgSeq());
        assertThat(after.dropped()).isFalse();
        assertThat(after.msgSeq()).isEqualTo(first.msgSeq() + 1);
    }

    @Test
    void theEmulatorsServerAnswersWithoutNaglesDelay() {
        try (TimEmulator emulator = TimEmulator.start(config)) {
            assertThat(emulator.port()).isPositive();
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
