package io.roomsync.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.junit.jupiter.api.Test;

/** The two error shapes, and what the container's statuses and failures mean for the caller. */
class ErrorShapeTest {

    @Test
    void tencentShapeIsTheCallbackAnswerWithTheStatusTimesTen() {
        // Given a container refusal, When rendered for ingest, Then it is Tencent's reply with ErrorCode 4050
        String body = new String(ErrorShape.TENCENT.render(HttpProblem.forStatus(405)), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4050,"
                + "\"ErrorInfo\":\"method-not-allowed: this method is not allowed here; see the Allow header\"}");
    }

    @Test
    void apiShapeIsOneErrorField() {
        String body = new String(ErrorShape.API.render(HttpProblem.forStatus(404)), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"error\":\"not-found: nothing is served at this path\"}");
    }

    @Test
    void textIsEscapedAsJson() {
        String body = new String(ErrorShape.API.render(new HttpProblem(400, "bad-request", "a \"quoted\"\n\\ line")),
                StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"error\":\"bad-request: a \\\"quoted\\\"\\n\\\\ line\"}");
    }

    @Test
    void statusesTomcatUsesForClientInputAreBadRequests() {
        // 501: an unknown transfer coding (gzip, chunked); 505: an HTTP version Tomcat does not speak
        assertThat(HttpProblem.forStatus(501)).isEqualTo(HttpProblem.forStatus(400));
        assertThat(HttpProblem.forStatus(505)).isEqualTo(HttpProblem.forStatus(400));
        assertThat(HttpProblem.forStatus(431).status()).isEqualTo(431);
        assertThat(HttpProblem.forStatus(414).status()).isEqualTo(414);
    }

    @Test
    void bodyFailuresAreTheClientsAndOtherFailuresTheServers() {
        assertThat(HttpProblem.forFailure(500, new RuntimeException(new BadRequestException("Invalid chunk header"))))
                .isEqualTo(HttpProblem.forStatus(400));
        assertThat(HttpProblem.forFailure(500, new ClientAbortException())).isEqualTo(HttpProblem.forStatus(400));
        assertThat(HttpProblem.forFailure(500, new IllegalStateException(new BodyDeadlineFilter.BodyTooSlow(java.time.Duration.ofSeconds(10)))))
                .isEqualTo(HttpProblem.forStatus(408));
        assertThat(HttpProblem.forFailure(500, new IllegalStateException("bug"))).isEqualTo(
                new HttpProblem(500, "internal-error", "the service failed to answer this request"));
        assertThat(HttpProblem.forFailure(503, null).status()).isEqualTo(503);
        assertThat(HttpProblem.forFailure(500, new org.apache.kafka.common.errors.TimeoutException("no broker")))
                .isEqualTo(new HttpProblem(503, "unavailable", "the service cannot answer now; try again"));
    }
}
