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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One step's permits, read from the client's limiters (nothing is called: no Tencent needed). */
class TencentPermissionsTest {

    private static final long APP = 1400000000L;

    @Test
    void mutesAndUnmutesShareForbidSendMsgsPermitsAndBansHaveTheirOwn() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry())) {
            TimApps apps = new TimApps(new ImAppsProperties(List.of(new ImAppsProperties.App(APP, "administrator", "key",
                    null, URI.create("http://127.0.0.1:9")))));
            // Given a step's permits of a client whose limiters booked nothing (9 permits per 50 ms per API)
            CallPermits step = new TencentPermissions(client, apps).permitsWithin(Duration.ofMillis(10));

            // When 5 mutes and 4 unmutes take permits, Then all get one, and a 6th mute none: one budget for both
            assertThat(IntStream.range(0, 5).mapToObj(i -> step.take(APP, TencentAction.MUTE))).containsOnly(true);
            assertThat(IntStream.range(0, 4).mapToObj(i -> step.take(APP, TencentAction.UNMUTE))).containsOnly(true);
            assertThat(step.take(APP, TencentAction.MUTE)).isFalse();

            // And a ban still gets one of ban_group_member's
            assertThat(step.take(APP, TencentAction.BAN)).isTrue();
        }
    }

    @Test
    void anAppNoLongerConfiguredIsPermittedSoItsCallFailsAsACallNotOnTheStreamThread() {
        try (TimClient client = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry())) {
            TimApps apps = new TimApps(new ImAppsProperties(List.of(new ImAppsProperties.App(APP, "administrator", "key",
                    null, URI.create("http://127.0.0.1:9")))));
            // Given a step's permits, and a command queued for an app removed from the configuration since
            CallPermits step = new TencentPermissions(client, apps).permitsWithin(Duration.ofMillis(10));

            // When it asks for a permit, Then it gets one (nothing thrown), however many calls of that app ask
            assertThat(IntStream.range(0, 20).mapToObj(i -> step.take(APP + 1, TencentAction.MUTE))).containsOnly(true);
        }
    }
}
