package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoomSnapshotTest {

    private static final long NOW = 1764064800000L;

    @Test
    void holdsAdminsAndMembersMutedOrBannedNowWithTheirVersions() {
        Map<String, String> attributes = RoomSnapshot.attributes("live_1", 4, List.of(
                new MemberNotice("alice", "ADMIN", null, null, 7, 0),
                new MemberNotice("bob", "MEMBER", NOW + 60_000, null, 3, 0),
                new MemberNotice("carol", "MEMBER", NOW - 1, null, 5, 0),
                new MemberNotice("dave", "MEMBER", null, null, 2, 0)), 3, NOW);

        assertThat(attributes).containsOnlyKeys("rs.meta", "rs.p0", "rs.p1", "rs.p2");
        assertThat(attributes.get("rs.p0")).isEqualTo("[{\"u\":\"alice\",\"r\":\"ADMIN\",\"m\":null,\"b\":null,\"v\":7},"
                + "{\"u\":\"bob\",\"r\":\"MEMBER\",\"m\":" + (NOW + 60_000) + ",\"b\":null,\"v\":3}]");
        assertThat(attributes.get("rs.p1")).isEqualTo("[]");
        assertThat(attributes.get("rs.meta")).isEqualTo("{\"v\":1,\"room\":\"live_1\",\"snapshot\":4,\"parts\":3,\"members\":2,"
                + "\"truncated\":false,\"at\":" + NOW + "}");
    }

    @Test
    void idsAreEscapedAsTheNoticesEscapeThem() {
        // Given a room and an admin whose ids hold a quote, a slash and control characters
        Map<String, String> attributes = RoomSnapshot.attributes("R/\"x\"", 2,
                List.of(new MemberNotice("a\\b/\n\u0001é", "ADMIN", null, null, 1, 0)), 1, NOW);

        // Then the snapshot holds exactly the bytes the notice protocol writes for them
        assertThat(attributes.get("rs.p0")).isEqualTo("[{\"u\":\"a\\\\b/\\u000a\\u0001é\",\"r\":\"ADMIN\",\"m\":null,\"b\":null,\"v\":1}]");
        assertThat(attributes.get("rs.meta")).isEqualTo("{\"v\":1,\"room\":\"R/\\\"x\\\"\",\"snapshot\":2,\"parts\":1,\"members\":1,"
                + "\"truncated\":false,\"at\":" + NOW + "}");
    }

    @Test
    void staysWithinTencentsLimitsAndSaysWhenItIsTruncated() {
        List<MemberNotice> many = IntStream.range(0, 1000)
                .mapToObj(i -> new MemberNotice("viewer_" + i, "MEMBER", NOW + i * 1000L, null, 1, 0)).toList();
        Map<String, String> attributes = RoomSnapshot.attributes("live_1", 1, many, 5, NOW);

        int total = 0;
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            int size = entry.getValue().getBytes(StandardCharsets.UTF_8).length;
            assertThat(size).as(entry.getKey()).isLessThanOrEqualTo(4096);
            total += size + entry.getKey().length();
        }
        assertThat(total).isLessThanOrEqualTo(16384);
        assertThat(attributes).hasSizeLessThanOrEqualTo(16);
        assertThat(attributes.get("rs.meta")).contains("\"truncated\":true");
        assertThat(attributes.get("rs.p0")).as("the mutes that end last come first").startsWith("[{\"u\":\"viewer_999\"");
    }
}
