package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The programme's pure part: what the API takes, the version of each change, and what clients read. */
class ProgrammeTest {

    private static final long START = 1_764_471_600_000L; // 2025-11-30T03:00:00Z

    @Test
    void aScheduleTakesAnIsoInstantAndSeconds() {
        // When a schedule is taken
        Programme.Change change = Programme.Change.schedule("/demo/media/programme.webm", "2025-11-30T03:00:00Z", 120L);

        // Then it holds the start in epoch milliseconds, and travels as the notice body
        assertThat(change).isEqualTo(new Programme.Change("/demo/media/programme.webm", START, 120L));
        assertThat(change.toJson()).isEqualTo("{\"url\":\"/demo/media/programme.webm\",\"start\":1764471600000,\"duration\":120}");
        assertThat(Programme.Change.fromJson(change.toJson())).isEqualTo(change);
        assertThat(Programme.Change.fromJson(Programme.Change.cancel().toJson())).isEqualTo(Programme.Change.cancel());
    }

    @Test
    void anAbsoluteHttpsUrlIsTaken() {
        assertThat(Programme.Change.schedule("https://cdn.example.com/p.mp4", "2025-11-30T03:00:00+08:00", 1L).startMillis())
                .isEqualTo(START - 8 * 3600_000L);
    }

    @Test
    void whatIsWrongIsSaid() {
        assertRefused(null, "2025-11-30T03:00:00Z", 120L, "url is required");
        assertRefused("ftp://x/p.webm", "2025-11-30T03:00:00Z", 120L,
                "url is an absolute http(s) URL or a path starting with /: ftp://x/p.webm");
        assertRefused("media/p.webm", "2025-11-30T03:00:00Z", 120L,
                "url is an absolute http(s) URL or a path starting with /: media/p.webm");
        assertRefused("/" + "a".repeat(1000), "2025-11-30T03:00:00Z", 120L, "url is at most 1000 bytes");
        assertRefused("/p.webm", null, 120L, "start is required (an ISO-8601 instant, e.g. 2026-11-30T03:00:00Z)");
        assertRefused("/p.webm", "2025-11-30 03:00", 120L,
                "start is not an ISO-8601 instant (e.g. 2026-11-30T03:00:00Z): 2025-11-30 03:00");
        assertRefused("/p.webm", "2025-11-30T03:00:00Z", null, "duration is required (seconds)");
        assertRefused("/p.webm", "2025-11-30T03:00:00Z", 0L, "duration is 1 to 604800 seconds");
        assertRefused("/p.webm", "2025-11-30T03:00:00Z", 604801L, "duration is 1 to 604800 seconds");
    }

    @Test
    void aBodyThatIsNoChangeIsRefused() {
        assertThatThrownBy(() -> Programme.Change.fromJson("{\"url\":\"/p.webm\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a programme change: {\"url\":\"/p.webm\"}");
    }

    @Test
    void everyChangeOfARoomsProgrammeHasTheNextVersion() {
        // Given a room without a programme
        // When it is scheduled, changed and cancelled
        Programme first = Programme.next(null, new Programme.Change("/a.webm", START, 120L));
        Programme second = Programme.next(first.asWritten(), new Programme.Change("/b.webm", START, 60L));
        Programme cancelled = Programme.next(second, Programme.Change.cancel());

        // Then the versions are 1, 2, 3, each owed to the attributes
        assertThat(first).isEqualTo(new Programme("/a.webm", START, 120L, 1, false));
        assertThat(second).isEqualTo(new Programme("/b.webm", START, 60L, 2, false));
        assertThat(cancelled).isEqualTo(new Programme(null, null, null, 3, false));
        assertThat(cancelled.cancelled()).isTrue();
    }

    @Test
    void clientsReadTheAttributeAndTheNotice() {
        Programme programme = new Programme("/a.webm", START, 120L, 4, false);
        Programme cancelled = new Programme(null, null, null, 5, false);

        assertThat(programme.attribute()).isEqualTo("{\"v\":1,\"url\":\"/a.webm\",\"start\":1764471600000,\"duration\":120,\"version\":4}");
        assertThat(cancelled.attribute()).isEqualTo("{\"v\":1,\"cancelled\":true,\"version\":5}");
        assertThat(programme.notice("live_1")).isEqualTo("{\"type\":\"programme\",\"v\":1,\"room\":\"live_1\",\"programme\":"
                + "{\"url\":\"/a.webm\",\"start\":1764471600000,\"duration\":120,\"version\":4}}");
        assertThat(cancelled.notice("live_1"))
                .isEqualTo("{\"type\":\"programme\",\"v\":1,\"room\":\"live_1\",\"programme\":{\"cancelled\":true,\"version\":5}}");
    }

    private static void assertRefused(String url, String start, Long duration, String message) {
        assertThatThrownBy(() -> Programme.Change.schedule(url, start, duration))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
