package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermMatcherTest {

    @Test
    void findsChineseTermsInsideRunningTextWithFillers() {
        // Given a dictionary with a Chinese term
        TermMatcher matcher = TermMatcher.of(List.of("代开发票"));

        // When a message hides it with spaces and punctuation
        String message = "老铁们 代·开 发票 找我";
        List<TermMatcher.Match> found = matcher.find(TextNormaliser.normalise(message));

        // Then it is found, and its span covers what the sender wrote, fillers included
        assertThat(found).hasSize(1);
        assertThat(found.get(0).term()).isEqualTo("代开发票");
        assertThat(message.substring(found.get(0).start(), found.get(0).end())).isEqualTo("代·开 发票");
    }

    @Test
    void latinTermsMatchWholeWordsOnly() {
        // Given a Latin term that is also part of common words
        TermMatcher matcher = TermMatcher.of(List.of("ass"));

        // Then it matches the word, spaced out or not, but not inside "class" or "assistant"
        assertThat(matcher.find(TextNormaliser.normalise("you ass"))).hasSize(1);
        assertThat(matcher.find(TextNormaliser.normalise("a s s!"))).hasSize(1);
        assertThat(matcher.find(TextNormaliser.normalise("first class assistant"))).isEmpty();
    }

    @Test
    void termsInTheDictionaryAreNormalisedLikeMessages() {
        // Given terms written in traditional Chinese and full width
        TermMatcher matcher = TermMatcher.of(List.of("發財", "ＶＩＰ"));

        // Then they match their simplified and half-width forms
        assertThat(matcher.find(TextNormaliser.normalise("发财啦 vip 通道"))).extracting(TermMatcher.Match::term)
                .containsExactly("发财", "vip");
    }

    @Test
    void aTenThousandTermDictionaryFindsExactlyTheTermsPresent() {
        // Given 10,000 generated terms
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            terms.add("词" + Integer.toString(i, 36) + "号");
        }
        TermMatcher matcher = TermMatcher.of(terms);

        // When a message contains two of them
        List<TermMatcher.Match> found = matcher.find(TextNormaliser.normalise("看看词a1号和词zz号吧，还有词号"));

        // Then exactly those two are found
        assertThat(matcher.size()).isEqualTo(10_000);
        assertThat(found).extracting(TermMatcher.Match::term).containsExactly("词a1号", "词zz号");
    }
}
