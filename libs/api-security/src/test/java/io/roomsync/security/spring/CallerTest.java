package io.roomsync.security.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.support.http.BadRequest;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** The IM app a request acts on: its default, the token's limit (403) before the service's apps (400). */
class CallerTest {

    private static final long SERVED = 1400000000L;
    private static final LongPredicate ONLY_SERVED = id -> id == SERVED;

    @Test
    void noAppAskedForIsTheDefault() {
        // Given a token not limited to apps, When a request names no app, Then it acts on the default
        assertThat(new Caller("alice", null, null).requireServedApp(null, SERVED, ONLY_SERVED)).isEqualTo(SERVED);
    }

    @Test
    void anAppTheTokenMayNotUseIsRefusedBeforeItIsKnownWhetherItIsServed() {
        // Given a token limited to the served app, When it asks for another one (not served either)
        Caller caller = new Caller("alice", null, Set.of(SERVED));

        // Then the answer is the token's refusal (403), not "not served" (400): nothing is learnt of other apps
        assertThatThrownBy(() -> caller.requireServedApp(SERVED + 1, SERVED, ONLY_SERVED))
                .isExactlyInstanceOf(AppNotAllowed.class);
    }

    @Test
    void anAppTheTokenMayUseButNotServedHereIsABadRequest() {
        // Given a token not limited to apps, When it asks for an app this service does not serve
        Caller caller = new Caller("alice", null, null);

        // Then 400 with the API's message
        assertThatThrownBy(() -> caller.requireServedApp(SERVED + 1, SERVED, ONLY_SERVED))
                .isExactlyInstanceOf(BadRequest.class).hasMessage("app 1400000001 is not served here");
    }

    @Test
    void theDefaultIsCheckedAgainstTheTokenToo() {
        // Given a token limited to another app, When a request names none, Then the default app is refused (403)
        assertThatThrownBy(() -> new Caller("alice", null, Set.of(SERVED + 1)).requireServedApp(null, SERVED, ONLY_SERVED))
                .isExactlyInstanceOf(AppNotAllowed.class);
    }
}
