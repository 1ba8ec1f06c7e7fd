package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import io.roomsync.contract.moderation.ModerationPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every pattern that sees chat text, and the allowed-domain check, does work linear in the text (issue 12, case 2).
 * Work is counted, not timed: the text counts each character a matcher reads. A backtracking matcher re-reads the
 * text on every retry, so its reads are its steps; RE2/J's machine reads each position once per step and does at most
 * a fixed amount of work (bounded by the compiled pattern) per read. For each crafted input the reads for a text 8
 * times longer must stay within 9 times the reads for the shorter one (8 for linear work, plus a margin for the fixed
 * part); quadratic work is 64 times, cubic 512 times. The same measure flags the backtracking patterns these replaced.
 */
class TextWorkGrowsLinearlyTest {

    private static final int SIZE = 500;
    private static final int GROWTH = 8;

    /** The crafted texts, by the rule they attack: each n-th text has about n repetitions of what defeats a backtracker. */
    private static final Map<String, List<IntFunction<String>>> ATTACKS = Map.of(
            "link", List.of(n -> "a-".repeat(n) + "a.x", n -> "a.".repeat(n) + "!", n -> "http://" + "a".repeat(n) + " www." + "b.".repeat(n),
                    n -> "a.com ".repeat(n)),
            "phone", List.of(n -> "1".repeat(n), n -> "+1" + " 1".repeat(n), n -> "+86-".repeat(n) + "138", n -> "13".repeat(n) + "x"),
            "messaging-id", List.of(n -> "wx" + " ".repeat(n) + "!", n -> "wx id" + " ".repeat(n) + ":" + " ".repeat(n) + "@",
                    n -> "wx".repeat(n), n -> "qq" + "-".repeat(n) + " "));

    /** A text that counts the characters read from it. */
    static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        /** Sub-sequences are for captured groups: what a matcher hands back, not what it reads. */
        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        /** A matcher that copied the text would read around the count: refused, so every read is counted. */
        @Override
        public String toString() {
            throw new UnsupportedOperationException("read the text through charAt");
        }
    }

    private static long reads(Consumer<CharSequence> scan, String text) {
        CountingText counted = new CountingText(text);
        scan.accept(counted);
        return counted.reads;
    }

    /** Whether the reads grow at most linearly from the n-th to the 8n-th text. */
    private static boolean linear(Consumer<CharSequence> scan, IntFunction<String> attack, int n) {
        long small = reads(scan, attack.apply(n));
        long large = reads(scan, attack.apply(n * GROWTH));
        return large <= (GROWTH + 1) * Math.max(small, n);
    }

    private static Consumer<CharSequence> everyMatch(Pattern pattern) {
        return text -> {
            com.google.re2j.Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                matcher.group();
            }
        };
    }

    @Test
    void everyTextPatternReadsLinearlyManyCharactersOnCraftedInput() {
        // Given every pattern on chat text, and the inputs that defeat a backtracking matcher
        assertThat(ATTACKS.keySet()).isEqualTo(RoomRules.TEXT_PATTERNS.keySet());
        RoomRules.TEXT_PATTERNS.forEach((rule, pattern) -> {
            for (IntFunction<String> attack : ATTACKS.get(rule)) {
                // When it scans the n-th and the 8n-th text
                // Then it reads at most about 8 times as much
                assertThat(linear(everyMatch(pattern), attack, SIZE)).as(rule + " on " + attack.apply(3)).isTrue();
            }
        });
    }

    @Test
    void theAllowedDomainCheckReadsEachCharacterAtMostOnce() {
        // Given names of many labels (a backtracking check overflowed the stack on 2,000) and long hyphen runs
        for (IntFunction<String> name : List.<IntFunction<String>>of(n -> "a.".repeat(n) + "com", n -> "a-".repeat(n) + "a.com")) {
            for (int n : new int[] {10, 100, 5_000}) {
                // When checked, Then it reads no character twice
                assertThat(reads(DnsName::problem, name.apply(n))).isLessThanOrEqualTo(name.apply(n).length());
            }
        }
    }

    @Test
    void theMeasureFlagsTheBacktrackingPatternsTheseReplaced() {
        // Given the java.util.regex patterns of LINK and MESSAGING_ID before issue 12
        java.util.regex.Pattern oldLink = java.util.regex.Pattern.compile(
                "(?:https?://|www\\.)([a-z0-9.-]+)\\S*|\\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:com|net|org|cn|io))\\b");
        java.util.regex.Pattern oldMessagingId = java.util.regex.Pattern.compile(
                "(?:wechat|weixin|vx|wx|qq|telegram|tg)\\s*(?:id|号)?\\s*[:：]?\\s*@?[a-z0-9_.-]{5,}");
        Map<java.util.regex.Pattern, IntFunction<String>> attacks = Map.of(
                oldLink, ATTACKS.get("link").get(0), oldMessagingId, ATTACKS.get("messaging-id").get(0));

        attacks.forEach((pattern, attack) -> {
            Consumer<CharSequence> scan = text -> {
                java.util.regex.Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    matcher.group();
                }
            };
            // When measured like the patterns in force (on short texts: their work is what the issue is about)
            // Then their work is flagged as growing faster than linearly
            assertThat(linear(scan, attack, 40)).as(pattern.pattern()).isFalse();
        });
    }

    @Test
    void theWholeVerdictOnCraftedTextIsTheExpectedOne() {
        // Given every content rule on
        RoomRules rules = RoomRules.compile(PolicyBook.defaults(1400000000L, "live_1").setBlockLinks(true).setBlockContacts(true)
                .setBannedTerms(List.of("scam")).build());
        int n = RoomRules.MAX_TEXT_CHARS / 2 - 4;

        // Then the crafted texts of the issue, as long as a text may be, get their verdicts
        assertThat(rules.judge("wx" + " ".repeat(RoomRules.MAX_TEXT_CHARS - 3) + "!")).isEqualTo(ContentVerdict.ALLOW);
        assertThat(rules.judge("a-".repeat(n) + "a.x")).isEqualTo(ContentVerdict.ALLOW);
        assertThat(rules.judge("a.".repeat(n) + "com").evidence()).isEqualTo("a.".repeat(n) + "com");
        assertThat(rules.judge("1".repeat(RoomRules.MAX_TEXT_CHARS))).isEqualTo(ContentVerdict.ALLOW);
        // And a longer text is refused as longer than any Tencent delivers, unread
        String tooLong = "a".repeat(RoomRules.MAX_TEXT_CHARS + 1);
        assertThat(rules.judge(tooLong)).isEqualTo(new ContentVerdict(ContentVerdict.Kind.REJECT, Rules.LENGTH,
                "12289 UTF-16 chars, over the 12288 of any text Tencent delivers", null, 10100, "message refused by the room's rules"));
    }

    @Test
    void aLongAllowedHostIsStillJudgedByItsDomain() {
        // Given example.com allowed
        ModerationPolicy policy = PolicyBook.defaults(1400000000L, "live_1").setBlockLinks(true)
                .setAllowedDomains(List.of("example.com")).build();
        RoomRules rules = RoomRules.compile(policy);

        // Then a subdomain of 250 characters passes, and a host longer than any DNS name is no allowed domain's
        String deep = "a.".repeat(119) + "example.com";
        assertThat(rules.judge("see https://" + deep + "/x")).isEqualTo(ContentVerdict.ALLOW);
        String tooDeep = "a.".repeat(200) + "example.com";
        assertThat(rules.judge("see https://" + tooDeep + "/x").evidence()).isEqualTo(tooDeep);
    }
}
