package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomsync.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The drills by name; nothing is struck here. */
class DrillTest {

    private final LocalStack stack = new LocalStack(LocalStack.Layout.defaults(Path.of("target/no-stack")));

    @Test
    void theRegistryDrillRestartsEveryServiceThenStopsTheRegistryForTheGivenTime() {
        Drill drill = Drill.named("registry", stack, Endpoints.local(), Duration.ofSeconds(20));

        assertThat(drill.describe()).isEqualTo("every service restarted (no schema cached), then the schema registry "
                + "stopped, 20 s down, then started again");
        assertThat(drill.hold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(drill.lastsToTheEnd()).isFalse();
    }

    @Test
    void anUnknownFaultNamesEveryKnownOneAmongThemTheRegistryAndReplicaDrills() {
        Throwable unknown = catchThrowable(() -> Drill.named("registery", stack, Endpoints.local(), Duration.ofSeconds(8)));

        assertThat(unknown).isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("kafka, kill:kafka, registry, tencent[:PERCENT], kill-replicas or rolling");
    }
}
