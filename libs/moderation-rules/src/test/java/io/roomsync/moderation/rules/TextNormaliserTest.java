package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormaliserTest {

    @Test
    void fullWidthLettersAndDigitsBecomePlainLowerCase() {
        // Given a text typed with a full-width keyboard
        // When normalised
        TextNormaliser.Normalised text = TextNormaliser.normalise("ＦＲＥＥ　ＧＩＦＴ　１２３");

        // Then it reads as plain ASCII, with the ideographic space a space
        assertThat(text.folded()).isEqualTo("free gift 123");
        assertThat(text.compact()).isEqualTo("freegift123");
    }

    @Test
    void zeroWidthCharactersAndFillersDoNotSeparateATerm() {
        // Given a term split by a zero-width space, a zero-width joiner, a BOM and punctuation
        TextNormaliser.Normalised text = TextNormaliser.normalise("s\u200Bp\u200Da\uFEFFm-m.e_r");

        // Then the folded form drops the invisible characters, the compact form the fillers too
        assertThat(text.folded()).isEqualTo("spam-m.e_r");
        assertThat(text.compact()).isEqualTo("spammer");
    }

    @Test
    void traditionalChineseBecomesSimplifiedAndMixedScriptsStay() {
        // Given traditional characters mixed with full-width Latin and a simplified word
        TextNormaliser.Normalised text = TextNormaliser.normalise("加我ＶＸ：發財號碼，賺錢快");

        // Then the Chinese is simplified, the Latin folded, the full-width colon and comma plain punctuation
        assertThat(text.folded()).isEqualTo("加我vx:发财号码,赚钱快");
        assertThat(text.compact()).isEqualTo("加我vx发财号码赚钱快");
    }

    @Test
    void accentsStyledAndCircledLettersFoldToTheirBaseLetter() {
        // Given accented, mathematical bold and circled letters
        TextNormaliser.Normalised text = TextNormaliser.normalise("Ｃáｓｉｎó 𝐜𝐚𝐬𝐢𝐧𝐨 ⓒⓐⓢⓘⓝⓞ");

        // Then each reads as plain "casino"
        assertThat(text.compact()).isEqualTo("casinocasinocasino");
    }

    @Test
    void everyCompactCharacterKnowsWhereItCameFrom() {
        // Given a text with a surrogate pair and a removed character before the term
        String original = "😀 \u200Bｂａｄ!";
        TextNormaliser.Normalised text = TextNormaliser.normalise(original);

        // When the compact span of "bad" is mapped back
        int start = text.compact().indexOf("bad");
        int[] span = text.originalSpanOfCompact(start, start + 3);

        // Then it covers exactly the full-width letters as written
        assertThat(original.substring(span[0], span[1])).isEqualTo("ｂａｄ");
    }

    @Test
    void cyrillicAndGreekLookAlikesReadAsTheLatinLettersTheyImitate() {
        // Given "scam" with Cyrillic ѕ, с, а and Greek ο, ε, ρ, α in "operas"
        String original = "\u0455\u0441\u0430m \u03bf\u03c1\u03b5r\u03b1s";
        TextNormaliser.Normalised text = TextNormaliser.normalise(original);

        // Then they read as Latin, one folded character per original one
        assertThat(text.folded()).isEqualTo("scam operas");
        int start = text.compact().indexOf("operas");
        int[] span = text.originalSpanOfCompact(start, start + 6);
        assertThat(original.substring(span[0], span[1])).isEqualTo("\u03bf\u03c1\u03b5r\u03b1s");
    }

    @Test
    void asciiAndChineseAreNeverFoldedAsLookAlikes() {
        // Given ASCII letters whose skeletons differ (m is "rn", 0 is "O", 1 is "l") and Chinese
        TextNormaliser.Normalised text = TextNormaliser.normalise("m01l 加微信 發財");

        // Then they stay themselves (the Chinese only simplified)
        assertThat(text.folded()).isEqualTo("m01l 加微信 发财");
    }
}
