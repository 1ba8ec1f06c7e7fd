package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void clusterIdsAreSixteenBytesAndNeverLookLikeAnOption() {
        // When many cluster ids are made (one in 64 random ones starts with '-')
        for (int i = 0; i < 10_000; i++) {
            String id = KafkaBroker.clusterId();

            // Then none starts with '-', and each is 16 bytes in url-safe base64 without padding
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
    }
}
