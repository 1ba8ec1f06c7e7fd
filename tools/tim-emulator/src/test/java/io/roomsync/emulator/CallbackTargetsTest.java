package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator as the load balancer before ingest's replicas: callbacks in turn, a refused one to the next. */
class CallbackTargetsTest {

    @Test
    void oneUrlIsAlwaysTheOnlyTarget() {
        // Given one URL, as make run without replicas configures it
        CallbackTargets targets = CallbackTargets.parse("http://127.0.0.1:8080/tencent-im/callback");

        // Then every callback goes to it, with nothing to fall back on
        assertThat(targets.nextOrder()).containsExactly("http://127.0.0.1:8080/tencent-im/callback");
        assertThat(targets.nextOrder()).containsExactly("http://127.0.0.1:8080/tencent-im/callback");
    }

    @Test
    void severalUrlsTakeTurnsAndEachOrderHoldsTheOthersAsFallbacks() {
        // Given two ingest replicas, blanks around the comma
        CallbackTargets targets = CallbackTargets.parse("http://a/cb , http://b/cb");

        // Then consecutive callbacks start at a, then b, then a again, each followed by the other
        assertThat(List.of(targets.nextOrder(), targets.nextOrder(), targets.nextOrder())).containsExactly(
                List.of("http://a/cb", "http://b/cb"), List.of("http://b/cb", "http://a/cb"), List.of("http://a/cb", "http://b/cb"));
    }

    @Test
    void noUrlIsRefused() {
        assertThatThrownBy(() -> CallbackTargets.parse(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no callback URL in ' , '");
    }
}
