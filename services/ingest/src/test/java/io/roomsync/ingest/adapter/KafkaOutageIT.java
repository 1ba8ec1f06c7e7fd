package io.roomsync.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.stack.KafkaBroker;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * With the broker down, ingest answers 503 within its publish timeout and counts it, so Tencent sees the failure; once
 * the broker is back, callbacks are accepted again without a restart of ingest.
 */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class KafkaOutageIT {

    @LocalServerPort
    int port;

    @Test
    void answers503WhileKafkaIsDownAndAcceptsAgainOnceItIsBack() {
        assumeTrue(TestStack.get().localBroker().isPresent(), "needs the local broker process to stop it");
        KafkaBroker broker = TestStack.get().localBroker().get();
        SignedCallbacks tencent = new SignedCallbacks(port);
        // Given ingest has published before, so its producer is connected
        assertThat(tencent.post("Group.CallbackAfterMemberExit", exit("outage-before")).statusCode()).isEqualTo(200);

        // When the broker stops
        broker.stop();
        long started = System.nanoTime();
        HttpResponse<String> during;
        try {
            during = tencent.post("Group.CallbackAfterMemberExit", exit("outage-during"));
        } finally {
            broker.restart(Duration.ofSeconds(60));
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // Then the callback was refused as not published, within the publish timeout (1.5 s) and some slack
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).startsWith("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":5031,\"ErrorInfo\":\"publish-failed: ");
        assertThat(tookMillis).as("answered before Tencent's 2 s timeout would have been hit twice over").isLessThan(30_000);

        // And with the broker back, callbacks are accepted and published again
        HttpResponse<String> after = awaitAccepted(tencent, exit("outage-after"));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(Records.await(Topic.IM_EVENTS.defaultName(), ImEvent.class, e -> "outage-after".equals(e.getRoom()), 1,
                Duration.ofSeconds(30), Duration.ofMillis(500))).isNotEmpty();
    }

    private static HttpResponse<String> awaitAccepted(SignedCallbacks tencent, byte[] body) {
        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            response = tencent.post("Group.CallbackAfterMemberExit", body);
            if (response.statusCode() == 200) {
                return response;
            }
        }
        return response;
    }

    private static byte[] exit(String room) {
        return ("{\"GroupId\":\"" + room + "\",\"ExitType\":\"Quit\",\"ExitMemberList\":[{\"Member_Account\":\"m1\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
