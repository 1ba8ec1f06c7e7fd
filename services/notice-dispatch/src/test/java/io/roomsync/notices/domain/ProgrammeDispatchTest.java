package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import io.roomsync.contract.notice.NoticeAudience;
import io.roomsync.contract.notice.NoticePriority;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A programme change (the API's {@link Programme#KIND} notice) is applied once at the room's next version, announced
 * to the room, and written to its group attributes with the snapshot, through the app's attribute-write budget, until
 * a write of it succeeds, also across a restart.
 */
class ProgrammeDispatchTest {

    static final long T = DispatcherTest.T;
    static final String ROOM_KEY = "1400000000/live_1";
    private static final Dispatcher.Settings SETTINGS = new Dispatcher.Settings(Duration.ofMillis(200), 5, 60, 3,
            Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1));

    private final DispatcherTest.Recording tencent = new DispatcherTest.Recording();
    private final DispatcherTest.Counting outcomes = new DispatcherTest.Counting();
    private final DispatcherTest.Memory rooms = new DispatcherTest.Memory();
    private final Dispatcher dispatcher = new Dispatcher(rooms, tencent, outcomes, SETTINGS);

    @Test
    void aScheduledProgrammeIsAnnouncedAndWrittenWithTheSnapshot() {
        // Given a programme scheduled through the API
        Notice change = change("c-1", new Programme.Change("/a.webm", T, 120L));

        // When the dispatcher takes it, then ticks
        dispatcher.onNotice(change, T);
        dispatcher.flush(T);
        dispatcher.snapshots(T);

        // Then the room hears version 1, and its attributes hold it next to the snapshot
        String expected = "{\"url\":\"/a.webm\",\"start\":" + T + ",\"duration\":120,\"version\":1}";
        assertThat(tencent.messages).containsExactly(
                "live_1 High roomsync.programme {\"type\":\"programme\",\"v\":1,\"room\":\"live_1\",\"programme\":" + expected + "}");
        assertThat(tencent.snapshots).hasSize(1);
        assertThat(tencent.snapshots.get(0).get("rs.programme")).isEqualTo("{\"v\":1," + expected.substring(1));
        assertThat(tencent.snapshots.get(0)).containsKeys("rs.meta", "rs.p0", "rs.p1", "rs.p2");
        assertThat(rooms.programmes.get(ROOM_KEY)).isEqualTo(new Programme("/a.webm", T, 120L, 1, true));
    }

    @Test
    void aRepeatedChangeIsAppliedOnceAndEachNewChangeHasTheNextVersion() {
        // Given a programme, its notice delivered twice (a replay), then a cancellation
        Notice change = change("c-1", new Programme.Change("/a.webm", T, 120L));
        dispatcher.onNotice(change, T);
        dispatcher.onNotice(change, T + 1);
        dispatcher.onNotice(change("c-2", Programme.Change.cancel()), T + 2);

        // When they go out
        dispatcher.flush(T + 2);
        dispatcher.snapshots(T + 2);

        // Then versions 1 and 2 are announced, once each, and the attributes hold the cancellation
        assertThat(tencent.messages).hasSize(2);
        assertThat(tencent.messages.get(1)).endsWith("\"programme\":{\"cancelled\":true,\"version\":2}}");
        assertThat(tencent.snapshots.get(0).get("rs.programme")).isEqualTo("{\"v\":1,\"cancelled\":true,\"version\":2}");
    }

    @Test
    void aWriteTheBudgetHasNoRoomForWaitsAndAFailedWriteIsRetriedUntilWritten() {
        // Given no attribute write free
        tencent.snapshotPermits = 0;
        dispatcher.onNotice(change("c-1", new Programme.Change("/a.webm", T, 120L)), T);
        dispatcher.snapshots(T);
        assertThat(tencent.snapshots).isEmpty();
        assertThat(outcomes.snapshotsDeferred).containsExactly("budget");

        // When writes are free again but the first fails (Tencent's 10049, too frequent)
        tencent.snapshotPermits = 10;
        tencent.snapshotFailures.add(new NoticeGateway.Failed(10049, "too frequent", false));
        dispatcher.snapshots(T + 10);

        // Then the programme is still owed, and the next write after the room's interval carries it
        assertThat(outcomes.retried).containsExactly(10049);
        assertThat(rooms.programmes.get(ROOM_KEY).written()).isFalse();
        dispatcher.snapshots(T + 1010);
        assertThat(tencent.snapshots).hasSize(1);
        assertThat(tencent.snapshots.get(0).get("rs.programme")).contains("\"version\":1");
        assertThat(rooms.programmes.get(ROOM_KEY).written()).isTrue();
    }

    @Test
    void aRoomOwingAProgrammeIsWrittenBeforeOtherRoomsSnapshots() {
        // Given one attribute write free, a member change in live_0, then a programme scheduled in live_1
        tencent.snapshotPermits = 1;
        dispatcher.onState(MemberState.newBuilder(DispatcherTest.state("alice", 1, MemberRole.ADMIN)).setRoom("live_0").build(), T);
        dispatcher.onNotice(change("c-1", new Programme.Change("/a.webm", T, 120L)), T);

        // When the snapshots are written
        dispatcher.snapshots(T + 10);

        // Then the programme's room took the write, and live_0 waits for the next
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_1");
        assertThat(outcomes.snapshotsDeferred).containsExactly("budget");
    }

    @Test
    void aProgrammeNotYetWrittenIsWrittenAfterARestart() {
        // Given a programme taken but not written when the task stopped
        tencent.snapshotPermits = 0;
        dispatcher.onNotice(change("c-1", new Programme.Change("/a.webm", T, 120L)), T);
        dispatcher.close();

        // When the room's next owner starts, writes free
        tencent.snapshotPermits = 10;
        Dispatcher next = new Dispatcher(rooms, tencent, outcomes, SETTINGS);
        next.snapshots(T + 10);

        // Then it writes the programme
        assertThat(tencent.snapshots).hasSize(1);
        assertThat(tencent.snapshots.get(0).get("rs.programme")).contains("\"version\":1");
        assertThat(rooms.programmes.get(ROOM_KEY).written()).isTrue();
    }

    @Test
    void aProgrammeNoticeThatIsNoChangeIsGivenUp() {
        // When a programme notice's body is no change
        dispatcher.onNotice(Notice.newBuilder(change("c-1", Programme.Change.cancel())).setBody("{}").build(), T);
        dispatcher.flush(T);

        // Then it is dead-lettered, nothing is sent and no programme is kept
        assertThat(outcomes.deadLettered).extracting(Notice::getId).containsExactly("c-1");
        assertThat(tencent.messages).isEmpty();
        assertThat(rooms.programmes).isEmpty();
    }

    private static Notice change(String id, Programme.Change change) {
        return Notice.newBuilder().setId(id).setSdkAppId(1400000000L).setRoom("live_1").setAudience(NoticeAudience.ROOM)
                .setKind(Programme.KIND).setBody(change.toJson()).setPriority(NoticePriority.HIGH)
                .setCreatedAt(Instant.ofEpochMilli(T)).build();
    }
}
