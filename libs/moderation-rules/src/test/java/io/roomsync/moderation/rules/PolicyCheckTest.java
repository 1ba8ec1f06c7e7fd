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

    @Test
    void anAllowedDomainOfThousandsOfLabelsIsRefusedByIndex() {
        // Given the allowed domain of 2,000 labels (and one of 5,000), beside a valid one
        var policy = PolicyBook.defaults(1, "any_room").setAllowedDomains(List.of("example.com", "a.".repeat(2_000) + "com",
                "a.".repeat(5_000) + "com")).build();

        // Then each is refused by its index, without the name echoed back
        assertThat(PolicyCheck.problems(policy)).containsExactly(
                "allowedDomains[1]: not a lower-case domain name: longer than 253 characters (a DNS name's limit)",
                "allowedDomains[2]: not a lower-case domain name: longer than 253 characters (a DNS name's limit)");
    }

    @Test
    void domainNamesFollowTheHostNameRules() {
        assertThat(DnsName.problem("shop.example.com")).isNull();
        assertThat(DnsName.problem("xn--fiqs8s.cn")).isNull();
        assertThat(DnsName.problem("a".repeat(63) + ".com")).isNull();
        assertThat(DnsName.problem("a".repeat(64) + ".com")).isEqualTo("a label longer than 63 characters at character 0");
        assertThat(DnsName.problem("example..com")).isEqualTo("an empty label at character 8");
        assertThat(DnsName.problem("example.com.")).isEqualTo("an empty label at character 12");
        assertThat(DnsName.problem("-shop.example.com")).isEqualTo("a label starts with '-' at character 0");
        assertThat(DnsName.problem("shop-.example.com")).isEqualTo("a label ends with '-' at character 4");
        assertThat(DnsName.problem("Example.com")).isEqualTo("not a lower-case letter, digit, '-' or '.' at character 0");
        assertThat(DnsName.problem("10.0.0.1")).isEqualTo("the top-level domain has no letter");
        assertThat(DnsName.problem("localhost")).isEqualTo("a single label, not a domain name");
        assertThat(DnsName.problem("")).isEqualTo("an empty domain name");
    }

    @Test
    void aRejectTextTencentCannotPassOnIsRefused() {
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("\u0000").build()))
                .containsExactly("rejectText: a control character (U+0000) at character 0");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("no\nlines").build()))
                .containsExactly("rejectText: a control character (U+000A) at character 2");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("half \uD83D").build()))
                .containsExactly("rejectText: a lone surrogate at character 5");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("\uFFFE").build()))
                .containsExactly("rejectText: a noncharacter (U+FFFE) at character 0");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("a\u2028b").build()))
                .containsExactly("rejectText: a line break (U+2028) at character 1");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setRejectText("请文明发言 😀").build())).isEmpty();
    }

    @Test
    void aTermWithAControlCharacterOrALineBreakIsRefused() {
        // Given terms with characters no chat text is matched on
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setBannedTerms(List.of("scam", "a\u0000b", "c\u2029d")).build()))
                .containsExactly("bannedTerms[1]: a control character (U+0000) at character 1",
                        "bannedTerms[2]: a line break (U+2029) at character 1");
    }

    @Test
    void aLadderHasAtMostTenSteps() {
        List<LadderStep> steps = new java.util.ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            steps.add(new LadderStep(i, LadderSanction.MUTE, 60L));
        }
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setLadder(steps.subList(0, 10)).build())).isEmpty();
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setLadder(steps).build()))
                .containsExactly("ladder: at most 10 steps, got 11");
    }

    @Test
    void everyAcceptedPolicyFitsOneRecordOfThePolicyTopic() {
        // Given the 50,000 terms of 64 characters, 8,000 such terms, and the most terms allowed, short ones
        List<String> long64 = terms(50_000, 64);
        List<String> short10 = terms(PolicyCheck.MAX_TERMS, 10);

        // Then too many terms are refused by count, too many bytes by the record limit, and short terms fit
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setBannedTerms(long64).build()))
                .containsExactly("bannedTerms: at most 20000 terms (MAX_TERMS), got 50000");
        assertThat(PolicyCheck.problems(PolicyBook.defaults(1, "r").setBannedTerms(long64.subList(0, 8_000)).build()))
                .containsExactly("policy: the record is 528064 bytes, over MAX_POLICY_BYTES (524288 bytes, what one record of the"
                        + " policy topic may hold); use fewer or shorter terms");
        var fits = PolicyBook.defaults(1, "r").setBannedTerms(short10).build();
        assertThat(PolicyCheck.problems(fits)).isEmpty();
        assertThat(PolicyCheck.recordBytes(fits)).isEqualTo(220_065L);
    }

    /** {@code count} distinct terms of {@code length} letters and digits. */
    private static List<String> terms(int count, int length) {
        List<String> terms = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = Integer.toString(i, 36);
            terms.add("t".repeat(length - id.length()) + id);
        }
        return terms;
    }
}
