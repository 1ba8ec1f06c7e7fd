package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackCheckTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_764_064_800L);
    private final CallbackCheck check = new CallbackCheck(
            Map.of(1400000000L, "dev-callback-token", 1400000001L, ""), Duration.ofMinutes(5));

    @Test
    void signIsSha256HexOfTokenThenRequestTimeAsInTencentsExample() {
        assertThat(CallbackCheck.sign("xxxxyyyy", "1669872112"))
                .isEqualTo("17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061");
    }

    @Test
    void acceptsACorrectlySignedFreshCallback() {
        assertThat(check.check(signed("1400000000", NOW.getEpochSecond()))).isEmpty();
    }

    @Test
    void acceptsTheSignInUpperCaseHex() {
        String time = Long.toString(NOW.getEpochSecond());
        Callback callback = callback("1400000000", CallbackCheck.sign("dev-callback-token", time).toUpperCase(), time);
        assertThat(check.check(callback)).isEmpty();
    }

    @Test
    void refusesAnAppItDoesNotServe() {
        assertThat(check.check(signed("1400000009", NOW.getEpochSecond()))).contains(Rejection.UNKNOWN_APP);
    }

    @Test
    void refusesAnAppIdThatIsNotANumber() {
        assertThat(check.check(signed("14000x", NOW.getEpochSecond()))).contains(Rejection.UNKNOWN_APP);
        assertThat(check.check(signed(null, NOW.getEpochSecond()))).contains(Rejection.UNKNOWN_APP);
        assertThat(check.check(signed("-1400000000", NOW.getEpochSecond()))).contains(Rejection.UNKNOWN_APP);
        assertThat(check.check(signed("99999999999999999999", NOW.getEpochSecond()))).contains(Rejection.UNKNOWN_APP);
    }

    @Test
    void refusesAMissingSignOrTimeWhenTheAppHasAToken() {
        assertThat(check.check(callback("1400000000", null, "1764064800"))).contains(Rejection.MISSING_SIGNATURE);
        assertThat(check.check(callback("1400000000", "abc", null))).contains(Rejection.MISSING_SIGNATURE);
    }

    @Test
    void refusesASignMadeWithAnotherToken() {
        String time = Long.toString(NOW.getEpochSecond());
        assertThat(check.check(callback("1400000000", CallbackCheck.sign("other-token", time), time)))
                .contains(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesASignForAnotherRequestTime() {
        String sign = CallbackCheck.sign("dev-callback-token", Long.toString(NOW.getEpochSecond()));
        assertThat(check.check(callback("1400000000", sign, Long.toString(NOW.getEpochSecond() + 1))))
                .contains(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesARequestTimeThatIsNotANumberEvenIfSignedOverIt() {
        assertThat(check.check(callback("1400000000", CallbackCheck.sign("dev-callback-token", "soon"), "soon")))
                .contains(Rejection.BAD_SIGNATURE);
    }

    @Test
    void acceptsRequestTimesAtTheEdgeOfTheWindowEitherWay() {
        assertThat(check.check(signed("1400000000", NOW.getEpochSecond() - 300))).isEmpty();
        assertThat(check.check(signed("1400000000", NOW.getEpochSecond() + 300))).isEmpty();
    }

    @Test
    void refusesRequestTimesOutsideTheWindowEitherWay() {
        assertThat(check.check(signed("1400000000", NOW.getEpochSecond() - 301))).contains(Rejection.STALE_REQUEST);
        assertThat(check.check(signed("1400000000", NOW.getEpochSecond() + 301))).contains(Rejection.STALE_REQUEST);
    }

    @Test
    void refusesARequestTimeTwoToThe63SecondsAgoThoughItsSignMatches() {
        // Given RequestTime = now - 2^63 (it wraps to a negative number), signed with the right token
        long wrapped = NOW.getEpochSecond() - Long.MIN_VALUE;

        // When checked, Then it is refused: a sign is not a number of seconds
        assertThat(check.check(signed("1400000000", wrapped))).contains(Rejection.BAD_SIGNATURE);
        assertThat(check.check(signed("1400000000", Long.MIN_VALUE))).contains(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesTheFarthestRequestTimesAsStaleWithoutOverflow() {
        assertThat(check.check(signed("1400000000", Long.MAX_VALUE))).contains(Rejection.STALE_REQUEST);
        assertThat(check.check(signed("1400000000", 0))).contains(Rejection.STALE_REQUEST);
    }

    @Test
    void theWindowComparesBothBoundsAtTheExtremesOfALong() {
        CallbackCheck wide = new CallbackCheck(Map.of(1400000000L, "t"), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(wide.isFresh(Long.MIN_VALUE, Long.MAX_VALUE)).isFalse();
        assertThat(wide.isFresh(Long.MAX_VALUE, Long.MIN_VALUE)).isFalse();
        assertThat(wide.isFresh(Long.MAX_VALUE, 1)).isTrue();
        assertThat(check.isFresh(Long.MIN_VALUE, NOW.getEpochSecond())).isFalse();
        assertThat(check.isFresh(Long.MAX_VALUE, NOW.getEpochSecond())).isFalse();
        assertThat(check.isFresh(NOW.getEpochSecond(), Long.MIN_VALUE)).isFalse();
        assertThat(check.isFresh(NOW.getEpochSecond(), Long.MAX_VALUE)).isFalse();
    }

    @Test
    void refusesARequestTimeInOtherDigitsThoughItsSignMatches() {
        // Given RequestTime written in full-width digits, and a Sign computed over exactly that text
        String fullWidth = "１７６４０６４８００";
        Callback callback = callback("1400000000", CallbackCheck.sign("dev-callback-token", fullWidth), fullWidth);

        // When checked, Then it is refused as a bad signature (RequestTime is not ASCII digits)
        assertThat(check.check(callback)).contains(Rejection.BAD_SIGNATURE);
        String plus = "+" + NOW.getEpochSecond();
        assertThat(check.check(callback("1400000000", CallbackCheck.sign("dev-callback-token", plus), plus)))
                .contains(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesAnAppIdNotInItsCanonicalForm() {
        // Given the served app 1400000000 spelled in full-width digits, with leading zeros, with a plus
        for (String app : new String[] {"１４００００００００", "01400000000", "+1400000000", "1400000000 ", " 1400000000"}) {
            // When checked, Then it is an app this deployment does not serve
            assertThat(check.check(signed(app, NOW.getEpochSecond()))).as(app).contains(Rejection.UNKNOWN_APP);
        }
    }

    @Test
    void anAppWithoutATokenNeedsNoSign() {
        assertThat(check.check(callback("1400000001", null, null))).isEmpty();
    }

    private static Callback signed(String app, long requestTime) {
        String time = Long.toString(requestTime);
        return callback(app, CallbackCheck.sign("dev-callback-token", time), time);
    }

    private static Callback callback(String app, String sign, String requestTime) {
        return new Callback(app, "Group.CallbackAfterSendMsg", sign, requestTime, "10.0.0.1", "Web", null, NOW);
    }
}
