package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Properties of the pure rules over generated input: seeded (the same cases every run, so a failure repeats) and
 * bounded ({@value #CASES} cases each). The texts mix what chat holds and what breaks text handling: ASCII, digits and
 * separators, Chinese (traditional too), Cyrillic and Greek look-alikes, full-width forms, emoji (surrogate pairs),
 * lone surrogates, zero-width and combining characters, the ideographic full stop. No property-testing library: the
 * only one at hand (jqwik 1.10.1) states on every run that AI agents must not use it.
 */
class RulesPropertiesTest {

    private static final int CASES = 2_000;
    private static final long SEED = 20_261_129L;
    private static final String[] PIECES = {"a", "S", "m", "0", "9", "1", "8", " ", "-", ".", ":", "@", "+", "_", "/", "\t",
        "傻", "逼", "發", "财", "微", "信", "号", "\u0441", "\u0430", "\u0421", "\u03b1", "\u03bf", "\u03b5", "\u03c1", "Ｓ", "ｃ", "１",
        "😀", "\uD83D", "\uDE00", "\u200B", "\u200D", "\uFEFF", "\u0301", "\u20DD", "。", "ß", "İ", "ﬁ", "㎏", "\u0000", "\uFFFF",
        "wx", "qq", "http://", "www.", ".com", "+86 ", "138", "scam", "ass"};

    private final Random random = new Random(SEED);

    private String text(int maxPieces) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            text.append(random.nextInt(8) == 0 ? String.valueOf((char) random.nextInt(0x10000)) : PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private void forEachText(int maxPieces, java.util.function.Consumer<String> property) {
        for (int i = 0; i < CASES; i++) {
            property.accept(text(maxPieces));
        }
    }

    @Test
    void everyNormalisedCharacterComesFromACodePointOfTheOriginal() {
        forEachText(40, original -> {
            TextNormaliser.Normalised text = TextNormaliser.normalise(original);
            for (int k = 0; k < text.compact().length(); k++) {
                int folded = text.compactFolded()[k];
                assertThat(folded).as(original).isBetween(0, text.folded().length() - 1);
                int from = text.foldedOrigin()[folded];
                assertThat(from).as(original).isBetween(0, original.length() - 1);
                assertThat(from > 0 && Character.isHighSurrogate(original.charAt(from - 1)) && Character.isLowSurrogate(original.charAt(from)))
                        .as("%s: origin %d splits a surrogate pair", original, from).isFalse();
                int[] span = text.originalSpanOfCompact(k, k + 1);
                assertThat(span[0]).isLessThan(span[1]);
                assertThat(span[1]).as(original).isLessThanOrEqualTo(original.length());
            }
        });
    }

    @Test
    void aMaskedTextHasAsManyCodePointsAsTheOriginal() {
        TermMatcher terms = TermMatcher.of(List.of("scam", "ass", "傻逼", "发财", "s", "1"));
        forEachText(40, original -> {
            String masked = RoomRules.mask(original, terms.find(TextNormaliser.normalise(original)));
            assertThat(masked.codePointCount(0, masked.length())).as(original).isEqualTo(original.codePointCount(0, original.length()));
        });
    }

    @Test
    void theVerdictNeverThrowsWhateverTheText() {
        List<RoomRules> everyAction = new ArrayList<>();
        for (TermAction action : List.of(TermAction.MASK, TermAction.REJECT, TermAction.DROP)) {
            everyAction.add(RoomRules.compile(PolicyBook.defaults(1, "r").setBannedTerms(List.of("scam", "傻逼", "ass", "a"))
                    .setBannedTermAction(action).setBlockLinks(true).setAllowedDomains(List.of("example.com"))
                    .setBlockContacts(true).setMaxLength(random.nextInt(2) * 30).build()));
        }
        forEachText(60, text -> everyAction.forEach(rules -> assertThatCode(() -> rules.judge(text)).as(text).doesNotThrowAnyException()));
    }

    @Test
    void thePhonePatternFindsANumberExactlyWhereItsLookaroundFormDid() {
        // The java.util.regex form before RE2/J, with lookbehind and lookahead for "no digit around the number"
        java.util.regex.Pattern lookaround = java.util.regex.Pattern.compile("(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}(?![0-9])"
                + "|(?<![0-9])\\+[1-9][0-9](?:[- ]?[0-9]){6,13}(?![0-9])");
        String[] pieces = {"1", "3", "8", "0", "5", "9", "86", "+", "-", " ", "x", "+86", "138", "0013"};
        int numbers = 0;
        for (int i = 0; i < CASES * 5; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(24); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean found = lookaround.matcher(text).find();
            assertThat(RoomRules.PHONE.matcher(text).find()).as(text.toString()).isEqualTo(found);
            numbers += found ? 1 : 0;
        }
        // The generated texts hold numbers and near misses both, so the comparison covers each outcome
        assertThat(numbers).isBetween(CASES / 4, CASES * 4);
    }

    @Test
    void thePolicyCheckNeverThrowsWhateverThePolicy() {
        for (int i = 0; i < CASES; i++) {
            ModerationPolicy policy = PolicyBook.defaults(random.nextLong(), text(5))
                    .setBannedTerms(list(() -> random.nextInt(10) == 0 ? null : text(30)))
                    .setBannedTermAction(pick(TermAction.values()))
                    .setRejectCode(random.nextInt(20_000) - 5_000)
                    .setRejectText(random.nextInt(10) == 0 ? null : text(60))
                    .setMaxLength(random.nextInt(30_000) - 10)
                    .setAllowedDomains(list(() -> random.nextInt(10) == 0 ? null : text(20)))
                    .setFloodMessages(random.nextInt()).setFloodWindowSeconds(random.nextInt())
                    .setRepeatMessages(random.nextInt(20_000) - 10).setWaveWindowSeconds(random.nextInt(5_000) - 10)
                    .setLadder(list(() -> random.nextInt(10) == 0 ? null
                            : new LadderStep(random.nextInt(2_000) - 10, pick(LadderSanction.values()), random.nextLong())))
                    .setOffenceMemorySeconds(random.nextLong()).build();
            assertThatCode(() -> PolicyCheck.problems(policy)).as(policy.toString()).doesNotThrowAnyException();
        }
    }

    private <T> List<T> list(Supplier<T> item) {
        List<T> list = new ArrayList<>();
        for (int n = random.nextInt(12); n > 0; n--) {
            list.add(item.get());
        }
        return list;
    }

    private <T> T pick(T[] values) {
        return random.nextInt(12) == 0 ? null : values[random.nextInt(values.length)];
    }
}
