package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    private static final long NOW = 1_764_064_800L;
    private static final Pattern SIGNED = Pattern.compile("RequestTime=([^&]*)&Sign=([0-9a-f]{64})(?:&|$)");

    private static List<FuzzRequest> requests(long seed, int count) {
        Generator generator = new Generator(seed, FuzzTarget.local(), () -> NOW);
        return IntStream.range(0, count).mapToObj(generator::generate).toList();
    }

    /** The first request of {@code seed} that {@code wanted} accepts, among the first 5,000. */
    private static FuzzRequest first(long seed, java.util.function.Predicate<FuzzRequest> wanted) {
        Generator generator = new Generator(seed, FuzzTarget.local(), () -> NOW);
        return IntStream.range(0, 5000).mapToObj(generator::generate).filter(wanted).findFirst().orElseThrow();
    }

    @Test
    void theSameSeedGivesTheSameRequestsAndAnotherSeedOthers() {
        // Given two generators of seed 5 and one of seed 6, when each makes 300 requests
        List<FuzzRequest> first = requests(5, 300);
        List<FuzzRequest> again = requests(5, 300);
        List<FuzzRequest> other = requests(6, 300);

        // Then seed 5 made the same requests, byte for byte, and seed 6 different ones
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).target()).isEqualTo(first.get(i).target());
            assertThat(again.get(i).body()).isEqualTo(first.get(i).body());
            assertThat(again.get(i).mutation()).isEqualTo(first.get(i).mutation());
        }
        assertThat(IntStream.range(0, 300).filter(i -> !other.get(i).mutation().equals(first.get(i).mutation())).count())
                .isGreaterThan(200);
    }

    @Test
    void everyFamilyAndServiceIsExercised() {
        List<FuzzRequest> requests = requests(12, 400);
        assertThat(requests.stream().map(FuzzRequest::family).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("callback", "role-sync", "policy", "http");
        assertThat(requests.stream().map(FuzzRequest::service).collect(Collectors.toSet())).containsExactlyInAnyOrder(Service.values());
    }

    @Test
    void policiesAreWrittenOnlyToTheRunsOwnRoomsNeverToTheAppDefault() {
        // Given many requests of seed 3, then every policy PUT names a room of the run's prefix
        requests(3, 600).stream().filter(request -> request.service() == Service.MODERATION && request.method().equals("PUT"))
                .forEach(request -> assertThat(request.path()).startsWith("/v1/policies/fz3"));
    }

    @Test
    void everySignedRequestTimeIsSignedWithTheDevelopmentToken() throws Exception {
        // Given the callbacks whose RequestTime was mutated, then each Sign is sha256(token + RequestTime as sent)
        List<FuzzRequest> mutatedTimes = requests(4, 1000).stream().filter(r -> r.mutation().startsWith("RequestTime")).toList();
        assertThat(mutatedTimes).hasSizeGreaterThan(5);
        for (FuzzRequest request : mutatedTimes) {
            Matcher signed = SIGNED.matcher(request.target());
            assertThat(signed.find()).as(request.target()).isTrue();
            String time = java.net.URLDecoder.decode(signed.group(1), StandardCharsets.UTF_8);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("dev-callback-token" + time).getBytes(StandardCharsets.UTF_8)));
            assertThat(signed.group(2)).as(request.mutation()).isEqualTo(expected);
        }
    }

    @Test
    void theOverflowingRequestTimeOfTheIssueIsAmongThemWithItsDocumentedAnswer() {
        FuzzRequest overflow = first(4, r -> r.mutation().startsWith("RequestTime now - 2^63"));
        assertThat(overflow.target()).contains("RequestTime=" + (NOW - Long.MIN_VALUE) + "&");
        // now - 2^63 overflows to a negative number: its minus sign is not an ASCII digit, so it is bad-signature
        assertThat(overflow.expected()).isEqualTo(new FuzzRequest.Expected(401, 4012, "RequestTime is ASCII digits only (bad-signature)"));
    }

    @Test
    void anUnmutatedCallbackIsTheDocumentedBodyInOneOfTheRunsRoomsExpectedToBeAccepted() {
        // Given the first unmutated join of seed 8
        FuzzRequest plain = first(8, r -> r.mutation().startsWith("none (Group.CallbackAfterNewMemberJoin.json"));

        // Then it is Tencent's documented body, compact, in a room of the run, expected to be accepted
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).matches(Pattern.quote(
                "{\"CallbackCommand\":\"Group.CallbackAfterNewMemberJoin\",\"GroupId\":\"fz8-r") + "[0-3]" + Pattern.quote(
                "\",\"Type\":\"Public\",\"JoinType\":\"Apply\",\"Operator_Account\":\"leckie\",\"NewMemberList\":"
                        + "[{\"Member_Account\":\"jared\"},{\"Member_Account\":\"tommy\"}],\"EventTime\":\"1670574414123\"}"));
        assertThat(plain.expected()).isEqualTo(new FuzzRequest.Expected(200, 0, "a valid callback is accepted"));
        assertThat(plain.target()).startsWith("/tencent-im/callback?SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterNewMemberJoin"
                + "&contenttype=json&ClientIP=127.0.0.1&OptPlatform=Web&RequestTime=" + NOW + "&Sign=");
    }

    @Test
    void everyCallbackNamingACommandCarriesTheIdOfTheEventItBecomes() {
        Set<String> ids = requests(9, 500).stream().filter(FuzzRequest::callbackEdge).map(FuzzRequest::eventId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        assertThat(ids).hasSizeGreaterThan(100);
    }
}
