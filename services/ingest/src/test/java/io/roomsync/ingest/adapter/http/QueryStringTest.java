package io.roomsync.ingest.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

    @Test
    void decodesPercentEscapesAndPlusAndKeepsTheFirstValueOfOtherParameters() throws QueryString.Malformed {
        QueryString query = QueryString.parse("SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterSendMsg"
                + "&Name=a+b%2Fc%E7%9B%B4&Name=second&flag");

        assertThat(query.get("SdkAppid")).isEqualTo("1400000000");
        assertThat(query.get("Name")).isEqualTo("a b/c直");
        assertThat(query.get("flag")).isEmpty();
        assertThat(query.get("absent")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SdkAppid=14%C0%AF", "SdkAppid=%ED%A0%80", "SdkAppid=%E2%82", "SdkAppid=%F5%80%80%80",
            "SdkAppid=%FF", "C%80=1"})
    void refusesPercentEncodedBytesThatAreNotUtf8(String raw) {
        assertThatThrownBy(() -> QueryString.parse(raw)).isInstanceOf(QueryString.Malformed.class)
                .hasMessage("a query value is not UTF-8 once percent-decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SdkAppid=%", "SdkAppid=%4", "SdkAppid=%zz", "Sign=%G0abc"})
    void refusesAPercentWithoutTwoHexDigits(String raw) {
        assertThatThrownBy(() -> QueryString.parse(raw)).isInstanceOf(QueryString.Malformed.class)
                .hasMessage("a % in the query is not followed by two hex digits");
    }

    @Test
    void refusesARawNonAsciiCharacter() {
        assertThatThrownBy(() -> QueryString.parse("SdkAppid=１４００")).isInstanceOf(QueryString.Malformed.class)
                .hasMessage("the query holds a byte that is not percent-encoded");
    }

    @Test
    void refusesACallbackParameterGivenTwice() {
        // Given two app ids: which one counts would be a guess (the first used to win)
        assertThatThrownBy(() -> QueryString.parse("SdkAppid=1400000000&CallbackCommand=X&SdkAppid=1400000001"))
                .isInstanceOf(QueryString.Malformed.class).hasMessage("SdkAppid is given more than once");
        assertThatThrownBy(() -> QueryString.parse("Sign=a&RequestTime=1&Sign=b"))
                .isInstanceOf(QueryString.Malformed.class).hasMessage("Sign is given more than once");
    }
}
