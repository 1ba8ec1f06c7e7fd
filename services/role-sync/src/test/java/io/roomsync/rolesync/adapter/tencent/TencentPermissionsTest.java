package io.roomsync.rolesync.adapter.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.rolesync.domain.CallPermits;
import io.roomsync.rolesync.domain.CommandRules.TencentAction;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One step's permits, booked in the client's limiters (nothing is called: no Tencent needed). */
class TencentPermissionsTest {

    private static final long APP = 1400000000L;
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void mutesAndUnmutesShareForbidSendMsgsPermitsAndBansHaveTheirOwn() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry())) {
            // Given a step's permits of a client whose limiters booked nothing (9 permits per 50 ms per API)
            CallPermits step = new TencentPermissions(client, apps(), new SimpleMeterRegistry()).permitsWithin("0_0", NOW, Duration.ofMillis(10));

            // When mutes of one room after another take permits until one finds none within the step's 10 ms
            int mutes = 0;
            while (step.take(APP, TencentAction.MUTE, "live_" + mutes, NOW).isPresent()) {
                mutes++;
            }

            // Then the mutes got at least the cycle's 9, each a permit booked for it, and an unmute of the same step
            // gets none: one budget for both
            assertThat(mutes).isGreaterThanOrEqualTo(9);
            assertThat(step.take(APP, TencentAction.UNMUTE, "live_unmute", NOW)).isEmpty();

            // And a ban gets one of ban_group_member's
            assertThat(step.take(APP, TencentAction.BAN, "live_ban", NOW)).get().isNotSameAs(CallPermits.Permit.AT_CALL);
        }
    }

    @Test
    void aStepsRefusalIsCountedByApiAndCauseOnceThoughTheRoomsAfterItWaitToo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), meters)) {
            // Given a step's permits of a client whose limiters booked nothing
            CallPermits step = new TencentPermissions(client, apps(), meters).permitsWithin("0_0", NOW, Duration.ofMillis(10));

            // When mutes of one room after another take permits until one finds none, and two more rooms' mutes ask
            int mutes = 0;
            while (step.take(APP, TencentAction.MUTE, "live_" + mutes, NOW).isPresent()) {
                mutes++;
            }
            step.take(APP, TencentAction.MUTE, "live_next", NOW);
            step.take(APP, TencentAction.UNMUTE, "live_unmute", NOW);

            // Then one refusal of forbid_send_msg is counted, as none was free (the rooms after it were not asked)
            assertThat(meters.get("roomsync.rolesync.permit.refusals").tags("api", "forbid_send_msg", "cause",
                    "no_permit_free").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("roomsync.rolesync.permit.refusals").tags("api", "forbid_send_msg", "cause",
                    "left_for_older_rooms").counter().count()).isZero();
        }
    }

    @Test
    void anAppNoLongerConfiguredIsPermittedSoItsCallFailsAsACallNotOnTheStreamThread() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry())) {
            // Given a step's permits, and a command queued for an app removed from the configuration since
            CallPermits step = new TencentPermissions(client, apps(), new SimpleMeterRegistry()).permitsWithin("0_0", NOW, Duration.ofMillis(10));

            // When it asks for a permit, Then it is let through with none booked (nothing thrown), however many calls of
            // that app ask
            assertThat(IntStream.range(0, 20).mapToObj(i -> step.take(APP + 1, TencentAction.MUTE, "live_" + i, NOW)))
                    .containsOnly(Optional.of(CallPermits.Permit.AT_CALL));
        }
    }

    private static TimApps apps() {
        return new TimApps(new ImAppsProperties(List.of(new ImAppsProperties.App(APP, "administrator", "key", null,
                URI.create("http://127.0.0.1:9")))));
    }
}
