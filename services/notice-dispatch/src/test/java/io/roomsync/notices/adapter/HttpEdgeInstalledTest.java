package io.roomsync.notices.adapter;

import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.HttpEdgeAssertions;
import org.junit.jupiter.api.Test;

/** notice-dispatch answers every HTTP error (404, 405, 415, Tomcat's refusals, /error) as {"error":..}, with the shared deadlines. */
class HttpEdgeInstalledTest {

    @Test
    void installsTheSharedHttpEdgeWithItsErrorShape() {
        HttpEdgeAssertions.assertInstalled(ErrorShape.API);
    }
}
