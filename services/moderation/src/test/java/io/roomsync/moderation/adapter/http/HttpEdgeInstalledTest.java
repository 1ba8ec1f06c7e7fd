package io.roomsync.moderation.adapter.http;

import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.HttpEdgeAssertions;
import org.junit.jupiter.api.Test;

/** moderation answers every HTTP error (404, 405, 415, Tomcat's refusals, /error) as {"error":..}, with the shared deadlines. */
class HttpEdgeInstalledTest {

    @Test
    void installsTheSharedHttpEdgeWithItsErrorShape() {
        HttpEdgeAssertions.assertInstalled(ErrorShape.API);
    }
}
