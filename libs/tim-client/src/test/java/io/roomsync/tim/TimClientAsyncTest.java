package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.tim.TimResults.BannedMember;
import io.roomsync.tim.TimResults.MutedMember;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The non-blocking commands against the emulator over HTTP: same outcomes as the synchronous ones, caller never held. */
class TimClientAsyncTest extends OneLiveRoomTest {

    @Test
    void aMuteCompletesWithOneCallAndTencentHasTheMute() {
        int calls = client.muteAsync(tencent.app, "live_1", List.of("alice", "bob"), 600).join();

        assertThat(calls).isEqualTo(1);
        assertThat(client.getMutedMembers(tencent.app, "live_1")).extracting(MutedMember::account)
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(client.unmuteAsync(tencent.app, "live_1", List.of("alice")).join()).isEqualTo(1);
        assertThat(client.getMutedMembers(tencent.app, "live_1")).extracting(MutedMember::account).containsExactly("bob");
    }

    @Test
    void aMuteMadeWithThePermitBookedForItIsAppliedAndAPermitOfAnotherApiIsRefused() {
        // Given a permit of forbid_send_msg and one of ban_group_member, booked ahead (a fresh client: both free now)
        Permit mutePermit = client.bookPermit(tencent.app, TimApi.FORBID_SEND_MSG, Duration.ofSeconds(1)).orElseThrow();
        Permit banPermit = client.bookPermit(tencent.app, TimApi.BAN_GROUP_MEMBER, Duration.ofSeconds(1)).orElseThrow();

        // When a mute is made with the first, Then Tencent has it, with one call
        assertThat(client.muteAsync(tencent.app, "live_1", List.of("alice"), 600, mutePermit).join()).isEqualTo(1);
        assertThat(client.getMutedMembers(tencent.app, "live_1")).extracting(MutedMember::account).containsExactly("alice");

        // And a mute made with the ban's permit fails without a call: the permit counts in another budget
        assertThatThrownBy(() -> client.muteAsync(tencent.app, "live_1", List.of("bob"), 600, banPermit).join())
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a permit of " + tencent.app.sdkAppId() + ".ban_group_member for a call of "
                        + tencent.app.sdkAppId() + ".forbid_send_msg");
        assertThat(client.getMutedMembers(tencent.app, "live_1")).extracting(MutedMember::account).containsExactly("alice");
    }

    @Test
    void aCallDoesNotHoldTheCallerWhileTencentIsSlow() {
        // Given Tencent taking a second for every forbid_send_msg
        tencent.fault("forbid_send_msg", "{\"latencyMillis\":1000}");

        // When a mute is started
        CompletableFuture<Integer> mute = client.muteAsync(tencent.app, "live_1", List.of("alice"), 600);

        // Then the caller has its future back before Tencent answered, and it completes once Tencent did
        assertThat(mute).isNotDone();
        assertThat(mute.join()).isEqualTo(1);
        assertThat(tencent.calls("forbid_send_msg", 0)).isEqualTo(1);
    }

    @Test
    void longListsGoInBatchesOneAfterTheOtherInOrder() {
        List<String> many = IntStream.range(0, 45).mapToObj(i -> "spammer_" + i).toList();

        int calls = client.banAsync(tencent.app, "live_1", many, 3600, "spam wave").join();

        // Then three calls of 20, 20 and 5, applied in the list's order
        assertThat(calls).isEqualTo(3);
        assertThat(tencent.calls("ban_group_member", 0)).isEqualTo(3);
        assertThat(client.getBannedMembers(tencent.app, "live_1")).extracting(BannedMember::account)
                .containsExactlyElementsOf(many);
        assertThat(client.unbanAsync(tencent.app, "live_1", many).join()).isEqualTo(3);
        assertThat(client.getBannedMembers(tencent.app, "live_1")).isEmpty();
    }

    @Test
    void aPermanentRefusalFailsTheFutureWithTencentsCodeAtOnce() {
        client.modifyAdminsAsync(tencent.app, "live_1", TimClient.AdminChange.GRANT, List.of("a1", "a2", "a3", "a4", "a5")).join();

        CompletableFuture<Integer> sixth = client.modifyAdminsAsync(tencent.app, "live_1", TimClient.AdminChange.GRANT, List.of("a6"));

        assertFailsWith(sixth, e -> {
            assertThat(e.errorCode()).isEqualTo(10004);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.isPermanent()).isTrue();
            assertThat(e.api()).isEqualTo("v4/group_open_avchatroom_http_svc/modify_admin");
        });
        assertThat(tencent.calls("modify_admin", 10004)).isEqualTo(1);
    }

    @Test
    void aRetryableFailureIsRetriedUntilTheAttemptsRunOut() {
        tencent.fault("send_group_msg", "{\"errorCode\":10002,\"errorPercent\":100}");

        CompletableFuture<TimResults.SentMessage> sent = client.sendGroupMessageAsync(tencent.app,
                GroupMessageRequest.custom("live_1", 7L, GroupMessageRequest.Priority.HIGH, "{\"v\":1}", "roomsync"));

        assertFailsWith(sent, e -> {
            assertThat(e.errorCode()).isEqualTo(10002);
            assertThat(e.attempts()).isEqualTo(5);
            assertThat(e.isPermanent()).isFalse();
        });
        assertThat(tencent.calls("send_group_msg", 10002)).isEqualTo(5);
    }

    @Test
    void aRefusedBatchStopsTheRestAndCountsTheEarlierBatchesAttempts() {
        // Given a room without admins, which holds at most five
        List<String> seven = IntStream.range(0, 7).mapToObj(i -> "mod_" + i).toList();

        // When seven are granted: a batch of five, then a batch of two that would make seven
        CompletableFuture<Integer> grant = client.modifyAdminsAsync(tencent.app, "live_1", TimClient.AdminChange.GRANT, seven);

        // Then the first batch stays applied and the failure counts both batches' attempts
        assertFailsWith(grant, e -> {
            assertThat(e.errorCode()).isEqualTo(10004);
            assertThat(e.attempts()).isEqualTo(2);
        });
        assertThat(client.getAdmins(tencent.app, "live_1")).containsExactlyElementsOf(seven.subList(0, 5));
    }

    @Test
    void aGroupMessageAndAttributesCompleteWithTencentsAnswer() {
        TimResults.SentMessage sent = client.sendGroupMessageAsync(tencent.app,
                GroupMessageRequest.custom("live_1", 4242L, GroupMessageRequest.Priority.HIGH, "{\"v\":1}", "roomsync")).join();
        client.modifyGroupAttributesAsync(tencent.app, "live_1", Map.of("rs.v", "3")).join();

        assertThat(sent.msgSeq()).isEqualTo(1);
        assertThat(tencent.control("GET", "clients/alice/inbox", null)).hasSize(1);
        assertThat(client.getGroupAttributes(tencent.app, "live_1")).containsExactlyEntriesOf(Map.of("rs.v", "3"));
    }

    @Test
    void aCallWithNoPermitInTimeIsRateLimitedAtOnce() {
        // Given a limit of one call a second and no wait for a permit
        try (TimClient strict = new TimClient(TimClientConfig.custom().ratePerSecond(1).rateLimitWait(Duration.ZERO)
                .build(), new SimpleMeterRegistry())) {
            strict.getAdmins(tencent.app, "live_1"); // (connects: another API's limiter)

            // When two calls are started one right after the other
            CompletableFuture<Integer> first = strict.muteAsync(tencent.app, "live_1", List.of("alice"), 60);
            CompletableFuture<Integer> second = strict.muteAsync(tencent.app, "live_1", List.of("bob"), 60);
            assertThat(first.join()).isEqualTo(1);

            // Then the second fails as rate limited without reaching Tencent
            assertFailsWith(second, e -> {
                assertThat(e.errorCode()).isEqualTo(TimException.RATE_LIMITED);
                assertThat(e.attempts()).isEqualTo(1);
            });
            assertThat(tencent.calls("forbid_send_msg", 0)).isEqualTo(1);
        }
    }

    @Test
    void aCallWaitingForAPermitIsQueuedOffTheCallerAndMeasured() {
        // Given a limit of one call a second
        SimpleMeterRegistry measured = new SimpleMeterRegistry();
        try (TimClient slow = new TimClient(TimClientConfig.custom().ratePerSecond(1).build(), measured)) {
            slow.getAdmins(tencent.app, "live_1"); // (connects: another API's limiter)

            // When two calls are started one right after the other
            CompletableFuture<Integer> first = slow.muteAsync(tencent.app, "live_1", List.of("alice"), 60);
            CompletableFuture<Integer> second = slow.muteAsync(tencent.app, "live_1", List.of("bob"), 60);

            // Then the caller is not held for the permit, the call goes through once it comes, and the wait is measured
            assertThat(second).isNotDone();
            assertThat(first.join()).isEqualTo(1);
            assertThat(second.join()).isEqualTo(1);
            assertThat(tencent.calls("forbid_send_msg", 0)).isEqualTo(2);
            assertThat(measured.get("roomsync.tim.call.queued").tag("api", "forbid_send_msg").timer().count()).isEqualTo(2);
            assertThat(measured.get("roomsync.tim.call.queued").tag("api", "forbid_send_msg").timer().max(
                    java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
            assertThat(measured.get("roomsync.tim.calls.in.flight").gauge().value()).isZero();
        }
    }

    @Test
    void aBookedPermitServesTheFirstBatchOnlyAndTheNextBatchBooksItsOwn() {
        // Given a budget of one call per cycle (a cycle of 20 s: 1/s shared by 10 replicas) and no wait for a permit,
        // and the cycle's one permit of ban_group_member booked ahead
        try (TimClient strict = strictClient()) {
            Permit booked = strict.bookPermit(tencent.app, TimApi.BAN_GROUP_MEMBER, Duration.ofSeconds(1)).orElseThrow();

            // When 25 accounts are banned with it: a batch of 20, then one of 5
            CompletableFuture<Integer> ban = strict.banAsync(tencent.app, "live_1",
                    IntStream.range(0, 25).mapToObj(i -> "spammer_" + i).toList(), 3600, "spam", booked);

            // Then the first batch went with the booked permit, and the second found none of its own: rate limited
            // without reaching Tencent, the first batch's attempt counted
            assertFailsWith(ban, e -> {
                assertThat(e.errorCode()).isEqualTo(TimException.RATE_LIMITED);
                assertThat(e.attempts()).isEqualTo(2);
            });
            assertThat(tencent.calls("ban_group_member", 0)).isEqualTo(1);
        }
    }

    @Test
    void aRetryBooksItsOwnPermitInsteadOfReusingTheBookedOne() {
        // Given a budget of one call per 20 s cycle and no wait for a permit, Tencent failing every forbid_send_msg
        // with a retryable error, and the cycle's one permit booked ahead
        tencent.fault("forbid_send_msg", "{\"errorCode\":10002,\"errorPercent\":100}");
        try (TimClient strict = strictClient()) {
            Permit booked = strict.bookPermit(tencent.app, TimApi.FORBID_SEND_MSG, Duration.ofSeconds(1)).orElseThrow();

            // When a mute is made with it
            CompletableFuture<Integer> mute = strict.muteAsync(tencent.app, "live_1", List.of("alice"), 600, booked);

            // Then only its first attempt reached Tencent: the retry found no permit of its own and ended the call as
            // rate limited (the booked permit was not taken twice)
            assertFailsWith(mute, e -> {
                assertThat(e.errorCode()).isEqualTo(TimException.RATE_LIMITED);
                assertThat(e.attempts()).isEqualTo(2);
            });
            assertThat(tencent.calls("forbid_send_msg", 10002)).isEqualTo(1);
        }
    }

    /** A client allowed one call per 20 s per API (1/s shared by 10 replicas) that never waits for a permit. */
    private static TimClient strictClient() {
        TimClient strict = new TimClient(TimClientConfig.custom().ratePerSecond(1).rateLimitWait(Duration.ZERO).build(),
                new SimpleMeterRegistry());
        strict.shareAmong(10);
        return strict;
    }

    private static void assertFailsWith(CompletableFuture<?> future, Consumer<TimException> check) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .extracting(Throwable::getCause)
                .isInstanceOfSatisfying(TimException.class, check::accept);
    }
}
