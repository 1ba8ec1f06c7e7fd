package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCheckTest {

    @Test
    void theDefaultsAreAValidPolicy() {
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "*").build())).isEmpty();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        // Given a policy wrong in many ways
        var policy = PolicyBook.defaults(1, "room").setBannedTerms(List.of("ok", " ... ")).setRejectCode(4000)
                .setMaxLength(-1).setAllowedDomains(List.of("Not A Domain")).setFloodMessages(5).setFloodWindowSeconds(0)
                .setLadder(List.of(new LadderStep(1, LadderSanction.MUTE, 0L), new LadderStep(1, LadderSanction.BAN, 400L * 86400),
                        new LadderStep(3, LadderSanction.WARN, 60L)))
                .setOffenceMemorySeconds(5).build();

        // Then each problem is named, in order
        assertThat(PolicyCheck.problems(policy)).containsExactly(
                "bannedTerms[1]: has no letter or digit, so it would match nothing",
                "rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got 4000",
                "maxLength: between 0 (off) and 12000 (Tencent's own limit), got -1",
                "allowedDomains[0]: not a lower-case domain name: not a lower-case letter, digit, '-' or '.' at character 0",
                "flood: the window is between 1 and 3600 seconds, got 0",
                "ladder[0]: a mute lasts 1 s to 30 days, got 0 s",
                "ladder[1]: a second step for 1 offences",
                "ladder[1]: a ban lasts 1 s to 365 days, got 34560000 s",
                "ladder[2]: a warning has no duration",
                "offenceMemorySeconds: between 60 and 2592000 (30 days), got 5");
    }
}
