package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomRulesTest {

    private static ModerationPolicy.Builder policy() {
        return PolicyBook.defaults(1400000000L, "live_1").setBannedTerms(List.of("傻逼", "scam"));
    }

    @Test
    void maskedTermsKeepTheRestOfTheTextAsWritten() {
        // Given a policy that masks banned terms
        RoomRules rules = RoomRules.compile(policy().setBannedTermAction(TermAction.MASK).build());

        // When a message holds one in traditional form, split by a zero-width space, and one in full width
        ContentVerdict verdict = rules.judge("你個傻\u200B逼，ＳＣＡＭ alert");

        // Then both are masked character for character, the rest untouched
        assertThat(verdict.kind()).isEqualTo(ContentVerdict.Kind.MASK);
        assertThat(verdict.masked()).isEqualTo("你個***，**** alert");
        assertThat(verdict.rule()).isEqualTo(Rules.BANNED_TERMS);
        assertThat(verdict.evidence()).isEqualTo("傻逼,scam");
    }

    @Test
    void rejectedTermsCarryTheRoomsCodeAndText() {
        // Given a policy that rejects banned terms with code 10123
        RoomRules rules = RoomRules.compile(policy().setBannedTermAction(TermAction.REJECT).setRejectCode(10123)
                .setRejectText("mind your words").build());

        // Then a message with a term is rejected with them, and a clean one allowed
        assertThat(rules.judge("total scam!")).isEqualTo(new ContentVerdict(ContentVerdict.Kind.REJECT,
                Rules.BANNED_TERMS, "scam", null, 10123, "mind your words"));
        assertThat(rules.judge("great stream")).isEqualTo(ContentVerdict.ALLOW);
    }

    @Test
    void droppedTermsAnswerTencentsSilentDropCode() {
        RoomRules rules = RoomRules.compile(policy().setBannedTermAction(TermAction.DROP).build());

        assertThat(rules.judge("scam")).isEqualTo(new ContentVerdict(ContentVerdict.Kind.DROP, Rules.BANNED_TERMS, "scam", null, 2, ""));
    }

    @Test
    void linksAreRejectedUnlessTheirDomainIsAllowed() {
        // Given links blocked except example.com and its subdomains
        RoomRules rules = RoomRules.compile(policy().setBlockLinks(true).setAllowedDomains(List.of("example.com")).build());

        // Then links elsewhere are rejected, however written, and allowed ones pass
        assertThat(rules.judge("go to https://evil.io/win").evidence()).isEqualTo("evil.io");
        assertThat(rules.judge("ｗｗｗ．ｃａｓｉｎｏ．ｃｏｍ").evidence()).isEqualTo("casino.com");
        assertThat(rules.judge("bet365。com").evidence()).isEqualTo("bet365.com");
        assertThat(rules.judge("see shop.example.com/item").allowed()).isTrue();
        assertThat(rules.judge("ok.so what").allowed()).isTrue();
        assertThat(rules.judge("evil.io").rule()).isEqualTo(Rules.LINK);
        // A domain written right next to Chinese text is a link too (RE2/J's word boundary is ASCII)
        assertThat(rules.judge("快来evil.io看看").evidence()).isEqualTo("evil.io");
    }

    @Test
    void contactDetailsAreRejectedWhenBlocked() {
        RoomRules rules = RoomRules.compile(policy().setBlockContacts(true).build());

        assertThat(rules.judge("call 138 0013 8000").evidence()).isEqualTo("phone number");
        assertThat(rules.judge("whatsapp +44 7700 900123").evidence()).isEqualTo("phone number");
        assertThat(rules.judge("加微信：abc12345").rule()).isEqualTo(Rules.CONTACT);
        assertThat(rules.judge("ＶＸ　ｗｉｎｎｅｒ８８").rule()).isEqualTo(Rules.CONTACT);
        assertThat(rules.judge("I scored 13800138000 points? no, 1380013800").rule()).isEqualTo(Rules.CONTACT);
        assertThat(rules.judge("the year 2024, 3 goals").allowed()).isTrue();
    }

    @Test
    void overlongTextsAreRejectedBeforeAnyOtherRule() {
        RoomRules rules = RoomRules.compile(policy().setMaxLength(5).build());

        assertThat(rules.judge("scam!!").rule()).isEqualTo(Rules.LENGTH);
        assertThat(rules.judge("😀😀😀😀😀").allowed()).isTrue();
    }

    @Test
    void termsWrittenWithCyrillicLookAlikesAreMaskedAsWritten() {
        // Given a policy that masks "scam"
        RoomRules rules = RoomRules.compile(policy().setBannedTermAction(TermAction.MASK).build());

        // When "scam" comes with a Cyrillic с (U+0441) and а (U+0430), and as capitals with Cyrillic С and А
        ContentVerdict verdict = rules.judge("total s\u0441\u0430m, S\u0421\u0410M! 傻逼");

        // Then every spelling is masked character for character, and the Chinese term too
        assertThat(verdict.kind()).isEqualTo(ContentVerdict.Kind.MASK);
        assertThat(verdict.masked()).isEqualTo("total ****, ****! **");
        assertThat(verdict.evidence()).isEqualTo("scam,傻逼");
    }

    @Test
    void termsWrittenWithGreekLookAlikesAreRejected() {
        // Given a policy that rejects "scam" and "rope"
        RoomRules rules = RoomRules.compile(policy().setBannedTerms(List.of("scam", "rope"))
                .setBannedTermAction(TermAction.REJECT).build());

        // Then Greek α (U+03B1) in "scam", and ρ, ο, ε (U+03C1, U+03BF, U+03B5) in "rope" do not hide them
        assertThat(rules.judge("sc\u03b1m").evidence()).isEqualTo("scam");
        assertThat(rules.judge("r\u03bf\u03c1\u03b5 trick").evidence()).isEqualTo("rope");
        // And Russian and Greek words that only share letters stay allowed
        assertThat(rules.judge("\u0441\u043f\u0430\u0441\u0438\u0431\u043e \u03b5\u03c5\u03c7\u03b1\u03c1\u03b9\u03c3\u03c4\u03ce"))
                .isEqualTo(ContentVerdict.ALLOW);
    }
}
