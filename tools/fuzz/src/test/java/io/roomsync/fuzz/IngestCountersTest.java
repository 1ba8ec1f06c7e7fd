package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestCountersTest {

    private static final String PAGE = """
            # HELP roomsync_ingest_callbacks_received_total Callbacks received, by command
            # TYPE roomsync_ingest_callbacks_received_total counter
            roomsync_ingest_callbacks_received_total{command="Group.CallbackAfterNewMemberJoin",service="ingest"} 7.0
            roomsync_ingest_callbacks_received_total{command="other",service="ingest"} 3.0
            roomsync_ingest_callbacks_published_total{command="Group.CallbackAfterNewMemberJoin",service="ingest"} 5.0
            roomsync_ingest_callbacks_rejected_total{reason="malformed-json",service="ingest"} 4.0
            roomsync_ingest_callbacks_rejected_total{reason="unknown-app",service="ingest"} 1.0 1764064800000
            roomsync_ingest_callbacks_received_total_extra 100.0
            """;

    @Test
    void sumsEachCounterOverItsTags() {
        // Given a Prometheus page with tagged counters, a timestamped sample and a metric sharing the prefix
        // When parsed, then each counter is the sum of its own samples only
        assertThat(IngestCounters.parse(PAGE)).isEqualTo(new IngestCounters(10, 5, 5));
    }

    @Test
    void betweenTwoReadingsReceivedMustEqualPublishedPlusRejected() {
        IngestCounters before = new IngestCounters(10, 5, 5);
        assertThat(new IngestCounters(16, 8, 8).since(before)).isEqualTo(new IngestCounters(6, 3, 3));
        assertThat(new IngestCounters(16, 8, 8).since(before).balanced()).isTrue();
        assertThat(new IngestCounters(17, 8, 8).since(before).balanced()).isFalse();
    }
}
