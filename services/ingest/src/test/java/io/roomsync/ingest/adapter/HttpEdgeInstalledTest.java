package io.roomsync.ingest.adapter;

import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.HttpEdgeAssertions;
import org.junit.jupiter.api.Test;

/** ingest answers every HTTP error (404, 405, 415, Tomcat's refusals, /error) in Tencent's callback shape, with the shared deadlines. */
class HttpEdgeInstalledTest {

    @Test
    void installsTheSharedHttpEdgeWithItsErrorShape() {
        HttpEdgeAssertions.assertInstalled(ErrorShape.TENCENT);
    }
}
