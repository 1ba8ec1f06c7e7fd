package io.roomsync.ingest.adapter.http;

import io.roomsync.ingest.CallbackIntake;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bench/tencent-im/callback}: the same checks and parsing as the callback endpoint, on the same server,
 * with a publisher that publishes nothing, and the same Before-send verdict (decided before the publisher is called,
 * as on the callback endpoint). {@code make bench} compares the two to
 * price Kafka's acknowledgement, and Before-send callbacks of rooms with and without a policy to price the verdict.
 * Only present with {@code roomsync.ingest.bench-endpoint=true}.
 */
@RestController
public class BenchController {

    private final CallbackController delegate;

    /** @param nothingPublished an intake with the real checks, parser and Before-send verdict, and a publisher that drops events */
    public BenchController(CallbackIntake nothingPublished, Clock clock) {
        this.delegate = new CallbackController(nothingPublished, clock);
    }

    @PostMapping("/bench/tencent-im/callback")
    public void callback(HttpServletRequest request, HttpServletResponse response) {
        delegate.receive(request, response);
    }
}
