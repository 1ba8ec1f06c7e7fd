package io.roomsync.notices.domain;

import static io.roomsync.notices.domain.DispatcherTest.T;
import static io.roomsync.notices.domain.DispatcherTest.muted;
import static io.roomsync.notices.domain.DispatcherTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher with calls that stay in flight until the test answers them, as Tencent's asynchronous client does:
 * the leading edge, coalescing while a room is busy, one call in flight per room and rooms side by side, the budget
 * per second, answers applied only on the stream thread, and a resend after a crash.
 */
class AsyncDispatchTest {

    private static final String LIVE_1 = "1400000000/live_1";
    private static final String LIVE_2 = "1400000000/live_2";
    private static final Dispatcher.Settings SETTINGS = new Dispatcher.Settings(Duration.ofMillis(200), 5, 60, 3,
            Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1));

    private final DispatcherTest.Memory rooms = new DispatcherTest.Memory();
    private final Held tencent = new Held();
    private final DispatcherTest.Counting outcomes = new DispatcherTest.Counting();
    private final Dispatcher dispatcher = new Dispatcher(rooms, tencent, outcomes, SETTINGS, new CallSlots(50), () -> T);

    @Test
    void anIdleRoomsFirstChangeGoesOutAtOnce() {
        // Given an idle room
        // When a member is muted
        change(muted("bob", 1, T + 600_000), T);

        // Then the message starts at once, without waiting for the coalescing window or a tick
        assertThat(tencent.calls).extracting(Call::room).containsExactly("live_1");
        assertThat(tencent.calls.get(0).data()).contains("\"user\":\"bob\"").contains("\"version\":1");
    }

    @Test
    void changesArrivingWhileTheRoomsCallIsInFlightGoTogetherInItsNextMessage() {
        // Given bob's mute in flight
        change(muted("bob", 1, T + 600_000), T);

        // When alice is made admin, carol muted and alice's grant revoked while it flies
        change(state("alice", 1, MemberRole.ADMIN), T + 10);
        change(muted("carol", 1, T + 600_000), T + 20);
        change(state("alice", 2, MemberRole.MEMBER), T + 30);
        dispatcher.flush(T + 300);

        // Then nothing else starts before bob's message was answered
        assertThat(tencent.calls).hasSize(1);
        // And once it was, the next tick sends alice's newest version and carol's in one message
        tencent.calls.get(0).answer();
        dispatcher.flush(T + 320);
        assertThat(tencent.calls).hasSize(2);
        assertThat(tencent.calls.get(1).data()).isEqualTo("{\"type\":\"member.state.batch\",\"v\":1,\"room\":\"live_1\",\"members\":["
                + "{\"user\":\"alice\",\"role\":\"MEMBER\",\"mutedUntil\":null,\"bannedUntil\":null,\"version\":2},"
                + "{\"user\":\"carol\",\"role\":\"MEMBER\",\"mutedUntil\":" + (T + 600_000) + ",\"bannedUntil\":null,\"version\":1}]}");
        assertThat(outcomes.superseded).isEqualTo(1);
    }

    @Test
    void aRoomsNextMessageStartsNoSoonerThanTheWindowAfterItsLast() {
        // Given bob's message started at T and answered at once
        change(muted("bob", 1, T + 600_000), T);
        tencent.calls.get(0).answer();

        // When alice changes 50 ms later
        change(state("alice", 1, MemberRole.ADMIN), T + 50);
        dispatcher.flush(T + 199);

        // Then her message waits for the window after bob's start
        assertThat(tencent.calls).hasSize(1);
        dispatcher.flush(T + 200);
        assertThat(tencent.calls).hasSize(2);
    }

    @Test
    void oneRoomNeverWaitsForAnothersCall() {
        // Given live_1's message in flight, never answered
        change(muted("bob", 1, T + 600_000), T);

        // When live_2 has a change
        change(MemberState.newBuilder(muted("dave", 1, T + 600_000)).setRoom("live_2").build(), T + 10);

        // Then live_2's message starts beside it
        assertThat(tencent.calls).extracting(Call::room).containsExactly("live_1", "live_2");
        assertThat(dispatcher.inFlight()).isEqualTo(2);
    }

    @Test
    void aRoomsMessagesGoOneAtATimeInTheOrderTheyWereSent() {
        // Given a room with two other services' notices and a member change waiting behind them
        dispatcher.onNotice(notice("n-1"), T);
        dispatcher.onNotice(notice("n-2"), T);
        change(state("alice", 1, MemberRole.ADMIN), T);

        // When each call is answered in turn, with ticks between that find the room busy
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dispatcher.flush(T + 1000 * i);
            dispatcher.flush(T + 1000 * i + 10);
            assertThat(tencent.calls).as("one call in flight").hasSize(i + 1);
            started.add(tencent.calls.get(i).data());
            tencent.calls.get(i).answer();
        }

        // Then they were sent in order: the notices as they came, then the member's change
        assertThat(started).hasSize(3);
        assertThat(started.get(0)).isEqualTo("{\"n\":\"n-1\"}");
        assertThat(started.get(1)).isEqualTo("{\"n\":\"n-2\"}");
        assertThat(started.get(2)).contains("\"user\":\"alice\"");
    }

    @Test
    void noSecondEverHoldsMoreOfARoomsMessagesThanItsBudgetWhateverTheCallsTake() {
        // Given a room with a budget of 5 a second, changes every 7 ms for 20 s, and calls that take 1 to 400 ms
        Random dice = new Random(13);
        List<long[]> spans = new ArrayList<>();
        long answerAt = Long.MAX_VALUE;
        for (long now = T; now < T + 20_000; now++) {
            if (now == answerAt) {
                Call call = tencent.calls.get(tencent.calls.size() - 1);
                spans.add(new long[] {call.startedAt(), now});
                call.answer();
                answerAt = Long.MAX_VALUE;
            }
            if ((now - T) % 7 == 0) {
                change(state("u" + (now - T) % 97, now - T + 1, (now - T) % 2 == 0 ? MemberRole.ADMIN : MemberRole.MEMBER), now);
            }
            if ((now - T) % 20 == 0) {
                dispatcher.flush(now);
            }
            if (answerAt == Long.MAX_VALUE && tencent.calls.size() > spans.size()) {
                tencent.calls.get(tencent.calls.size() - 1).startedAt(now);
                answerAt = now + 1 + dice.nextInt(400);
            }
        }

        // Then however the calls were delivered within their spans, no second held more than 5 of them: the message
        // 5 places later started a second or more after the earlier one was answered
        assertThat(spans).hasSizeGreaterThan(50);
        for (int i = 0; i + 5 < spans.size(); i++) {
            assertThat(spans.get(i + 5)[0] - spans.get(i)[1]).as("message %d", i + 5).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void anAnswerIsAppliedOnlyOnTheStreamThread() throws Exception {
        // Given bob's message in flight
        change(muted("bob", 1, T + 600_000), T);

        // When Tencent's client answers on a thread of its own
        Thread client = new Thread(() -> tencent.calls.get(0).answer());
        client.start();
        client.join();

        // Then nothing is recorded until the stream thread applies it
        assertThat(rooms.notified).isEmpty();
        assertThat(dispatcher.inFlight()).isEqualTo(1);
        dispatcher.applyCompleted(T + 100);
        assertThat(rooms.notified).containsOnly(Map.entry("1400000000/live_1/bob", 1L));
        assertThat(rooms.pending).isEmpty();
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void aFailedCallIsRetriedAfterItsBackoffWithTheSameMessageAndAPermanentOneIsDeadLettered() {
        // Given bob's message failing once with a retryable code
        change(muted("bob", 1, T + 600_000), T);
        tencent.calls.get(0).fail(new NoticeGateway.Failed(10002, "internal error", false));
        // and alice's change arriving 10 ms later (where the failure is applied)
        change(state("alice", 1, MemberRole.ADMIN), T + 10);

        // When the backoff (500 ms from then) has passed
        dispatcher.flush(T + 509);
        assertThat(tencent.calls).as("backing off").hasSize(1);
        dispatcher.flush(T + 510);

        // Then the very same message goes again (alice waits for the next one)
        assertThat(outcomes.retried).containsExactly(10002);
        assertThat(tencent.calls).hasSize(2);
        assertThat(tencent.calls.get(1).random()).isEqualTo(tencent.calls.get(0).random());
        assertThat(tencent.calls.get(1).data()).isEqualTo(tencent.calls.get(0).data());

        // And when Tencent refuses it for good, it goes to the dead-letter topic and alice's message follows (the window
        // after the retry's start)
        tencent.calls.get(1).fail(new NoticeGateway.Failed(10010, "group does not exist", true));
        dispatcher.flush(T + 710);
        assertThat(outcomes.deadLettered).extracting(n -> n.getBody()).containsExactly(tencent.calls.get(0).data());
        assertThat(tencent.calls).hasSize(3);
        assertThat(tencent.calls.get(2).data()).contains("\"user\":\"alice\"");
        assertThat(rooms.notified).isEmpty();
    }

    @Test
    void aMessageInFlightWhenTheTaskCrashedIsSentAgainWithItsRandomAndItsLateAnswerIsDropped() {
        // Given bob's and carol's changes in one message in flight, and dave's change waiting behind it
        change(muted("bob", 1, T + 600_000), T);
        tencent.calls.get(0).answer();
        change(muted("carol", 1, T + 600_000), T + 10);
        change(state("bob", 2, MemberRole.MEMBER), T + 20);
        dispatcher.flush(T + 200);
        Call inFlight = tencent.calls.get(1);
        change(state("dave", 1, MemberRole.ADMIN), T + 210);

        // When the task closes (a crash, or the task moves) and a new one takes the room from the same stores
        dispatcher.close();
        Dispatcher next = new Dispatcher(rooms, tencent, outcomes, SETTINGS, new CallSlots(50), () -> T);
        next.flush(T + 5000);

        // Then the message in flight is sent again first, the same content with the same Random
        assertThat(tencent.calls).hasSize(3);
        assertThat(tencent.calls.get(2).random()).isEqualTo(inFlight.random());
        assertThat(tencent.calls.get(2).data()).isEqualTo(inFlight.data());
        // And the old call's late answer changes nothing; the new one's records bob and carol
        inFlight.answer();
        dispatcher.applyCompleted(T + 5001);
        next.applyCompleted(T + 5001);
        assertThat(rooms.notified).containsOnly(Map.entry("1400000000/live_1/bob", 1L));
        tencent.calls.get(2).answer();
        next.flush(T + 5300);
        assertThat(rooms.notified).containsEntry("1400000000/live_1/bob", 2L).containsEntry("1400000000/live_1/carol", 1L);
        assertThat(tencent.calls.get(3).data()).contains("\"user\":\"dave\"").doesNotContain("bob");
    }

    @Test
    void roomsWaitForAFreeSlotWhenTheProcessHasItsMostInFlight() {
        // Given a process that allows one call in flight, taken by live_1
        Dispatcher oneAtATime = new Dispatcher(rooms, tencent, outcomes, SETTINGS, new CallSlots(1), () -> T);
        oneAtATime.onState(muted("bob", 1, T + 600_000), T);
        oneAtATime.flushRoom(LIVE_1, T);

        // When live_2 has a change
        oneAtATime.onState(MemberState.newBuilder(muted("dave", 1, T + 600_000)).setRoom("live_2").build(), T + 10);
        oneAtATime.flushRoom(LIVE_2, T + 10);

        // Then it waits until live_1's call was answered
        assertThat(tencent.calls).extracting(Call::room).containsExactly("live_1");
        tencent.calls.get(0).answer();
        oneAtATime.flush(T + 50);
        assertThat(tencent.calls).extracting(Call::room).containsExactly("live_1", "live_2");
    }

    @Test
    void aRoomsSnapshotWriteWaitsForItsMessageInFlightAndItsNextMessageForTheWrite() {
        // Given bob's mute in flight
        change(muted("bob", 1, T + 600_000), T);

        // When the snapshots are due
        dispatcher.snapshots(T + 10);

        // Then the room's snapshot waits for its message
        assertThat(tencent.snapshots).isEmpty();
        tencent.calls.get(0).answer();
        dispatcher.snapshots(T + 20);
        assertThat(tencent.snapshots).hasSize(1);
        // And a change arriving while the snapshot is written waits for it
        change(state("alice", 1, MemberRole.ADMIN), T + 300);
        assertThat(tencent.calls).hasSize(1);
        tencent.snapshots.get(0).complete(null);
        dispatcher.flush(T + 310);
        assertThat(tencent.calls).hasSize(2);
    }

    @Test
    void theSweepKeepsTheNotifiedVersionOfAMemberWhoseChangeIsInFlight() {
        // Given bob muted and notified, then unmuted (plain now), that change in flight
        change(muted("bob", 1, T + 600_000), T);
        tencent.calls.get(0).answer();
        change(state("bob", 2, MemberRole.MEMBER), T + 300);
        assertThat(tencent.calls).hasSize(2);

        // When the sweep runs
        int forgotten = dispatcher.sweep(T + 400);

        // Then bob's notified version stays: his change still waits to be known sent
        assertThat(forgotten).isZero();
        assertThat(rooms.notified).containsOnly(Map.entry("1400000000/live_1/bob", 1L));
    }

    /** A member state arriving, handed to the dispatcher as the processor does. */
    private void change(MemberState state, long nowMillis) {
        dispatcher.onState(state, nowMillis);
        dispatcher.flushRoom("1400000000/" + state.getRoom(), nowMillis);
    }

    private static io.roomsync.contract.notice.Notice notice(String id) {
        return io.roomsync.contract.notice.Notice.newBuilder().setId(id).setSdkAppId(1400000000L).setRoom("live_1")
                .setAudience(io.roomsync.contract.notice.NoticeAudience.ROOM).setUsers(List.of()).setKind("promo")
                .setBody("{\"n\":\"" + id + "\"}").setCreatedAt(java.time.Instant.ofEpochMilli(T)).build();
    }

    /** One call to Tencent, in flight until answered. */
    static final class Call {
        private final String room;
        private final long random;
        private final String data;
        private final CompletableFuture<Void> answer = new CompletableFuture<>();
        private long startedAt;

        Call(String room, long random, String data) {
            this.room = room;
            this.random = random;
            this.data = data;
        }

        String room() {
            return room;
        }

        long random() {
            return random;
        }

        String data() {
            return data;
        }

        long startedAt() {
            return startedAt;
        }

        void startedAt(long millis) {
            startedAt = millis;
        }

        void answer() {
            answer.complete(null);
        }

        void fail(NoticeGateway.Failed failure) {
            answer.completeExceptionally(failure);
        }
    }

    /** Tencent as an asynchronous client: every call stays in flight until the test answers it. */
    static final class Held implements NoticeGateway {
        final List<Call> calls = new ArrayList<>();
        final List<CompletableFuture<Void>> snapshots = new ArrayList<>();

        @Override
        public CompletionStage<Void> sendToRoom(long app, String room, long random, String data, String desc, String priority) {
            Call call = new Call(room, random, data);
            calls.add(call);
            return call.answer;
        }

        @Override
        public CompletionStage<Void> sendToUsers(long app, List<String> users, long random, String data, String desc) {
            return sendToRoom(app, String.valueOf(users), random, data, desc, "Normal");
        }

        @Override
        public CompletionStage<Void> writeSnapshot(long app, String room, Map<String, String> attributes) {
            CompletableFuture<Void> write = new CompletableFuture<>();
            snapshots.add(write);
            return write;
        }
    }
}
