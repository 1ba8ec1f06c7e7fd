package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {

    @Test
    void theFinalAnswerAfterAnInterimOneIsReadAndDechunked() {
        // Given a 100 Continue, then a chunked 400
        String raw = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 400 \r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"err\r\n8\r\nor\":\"x\"}\r\n0\r\n\r\n";

        // When parsed
        Answer answer = RawHttp.parse(raw.getBytes(StandardCharsets.ISO_8859_1), 0);

        // Then the status, a header and the whole body are the final answer's
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers()).containsEntry("content-type", "application/json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"x\"}");
        assertThat(answer.failure()).isNull();
    }

    @Test
    void aBodyIsCutAtItsContentLength() {
        Answer answer = RawHttp.parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}trailing".getBytes(StandardCharsets.ISO_8859_1), 0);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void aClosedConnectionIsNoAnswer() {
        assertThat(RawHttp.parse(new byte[0], 0).failure()).isEqualTo("connection closed without an answer");
        assertThat(RawHttp.parse("garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0).failure())
                .isEqualTo("not an HTTP status line: garbage");
    }
}
