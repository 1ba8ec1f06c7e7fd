package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** UserSigs computed outside Java with Tencent's Python algorithm (see TestSigs), checked as Tencent would. */
class UserSigVerifierTest {

    private final UserSigVerifier verifier = new UserSigVerifier(Map.of(
            1400000000L, new EmulatorConfig.App(1400000000L, EmulatorConfig.DEV_SECRET_KEY, Set.of("administrator")),
            1400000001L, new EmulatorConfig.App(1400000001L, "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", Set.of("administrator"))));

    @Test
    void acceptsAGoodSignatureWithinItsValidity() {
        assertThatCode(() -> verifier.verify(1400000000L, "administrator", TestSigs.ADMIN_10Y, 1764064800L)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheReferenceVectorOfTencentsDocs() {
        Map<Long, EmulatorConfig.App> apps = Map.of(1400000000L, new EmulatorConfig.App(1400000000L,
                "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", Set.of("xiaojun")));
        assertThatCode(() -> new UserSigVerifier(apps).verify(1400000000L, "xiaojun", TestSigs.REFERENCE_VECTOR, 1700000001L))
                .doesNotThrowAnyException();
    }

    @Test
    void anExpiredSignatureIs70001() {
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", TestSigs.ADMIN_EXPIRED, 1764064800L))
                .isInstanceOf(TimError.class).extracting(e -> ((TimError) e).code).isEqualTo(70001);
    }

    @Test
    void aSignatureMadeWithAnotherKeyIs70009() {
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", TestSigs.OTHER_KEY, 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70009);
    }

    @Test
    void aSignatureOfAnotherAppIs70014() {
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", TestSigs.OTHER_APP, 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70014);
    }

    @Test
    void aSignatureOfAnotherIdentifierIs70013() {
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", TestSigs.VIEWER, 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70013);
    }

    @Test
    void garbageIs70003AndAnUnknownAppIs70016() {
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", "not-a-sig", 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70003);
        assertThatThrownBy(() -> verifier.verify(1400000000L, "administrator", "eJyrVgrx", 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70003);
        assertThatThrownBy(() -> verifier.verify(1499999999L, "administrator", TestSigs.ADMIN_10Y, 1764064800L))
                .extracting(e -> ((TimError) e).code).isEqualTo(70016);
    }
}
