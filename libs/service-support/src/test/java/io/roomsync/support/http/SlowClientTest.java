package io.roomsync.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A client that sends one byte at a time, slowly, cannot hold a connection beyond the deadlines (issue 12, case 8):
 * the head's deadline closes the connection, the body's is answered 408 and closes it. Each request is long enough
 * that sending it whole at this pace would take far longer than the deadline (the deadline is 1 s here), so "closed
 * before the last byte was sent" is the outcome asserted, not a duration.
 */
@SpringBootTest(classes = HttpEdgeTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"roomsync.kafka.create-topics=false", "roomsync.http.header-timeout=1s", "roomsync.http.body-timeout=1s"})
@ActiveProfiles("dev")
class SlowClientTest {

    private static final long PAUSE_MILLIS = 200;

    @LocalServerPort
    int port;

    @Test
    void aHeadSentByteByByteIsCutOffAtTheHeaderDeadline() throws Exception {
        // Given a request head of 100 bytes, sent one byte every 200 ms (20 s in all)
        byte[] head = ("GET /v1/things/t1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(43) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(head.length).isEqualTo(100);

        // When it trickles in
        Trickle trickle = trickle(new byte[0], head);

        // Then the server closed the connection before the head was whole, without an answer
        assertThat(trickle.sentWhenClosed).isLessThan(head.length);
        assertThat(trickle.answer).isEmpty();
    }

    @Test
    void aBodySentByteByByteIsAnswered408AtTheBodyDeadline() throws Exception {
        // Given a whole head announcing 100 bytes of JSON, then the body one byte every 200 ms: Spring reads it
        assertTrickledBodyAnswered408("/v1/things");
    }

    @Test
    void aBodyTheHandlerReadsItselfIsAnswered408AtTheBodyDeadline() throws Exception {
        // Given a handler that reads the raw body stream (as ingest's callback does), and a body trickled in
        assertTrickledBodyAnswered408("/v1/raw");
    }

    /** A body to {@code path} trickled in: answered 408 in the API shape, the connection closed before it was whole. */
    private void assertTrickledBodyAnswered408(String path) throws Exception {
        byte[] body = ("{\"name\":\"" + "n".repeat(89) + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Trickle trickle = trickle(head, body);

        assertThat(trickle.sentWhenClosed).isLessThan(body.length);
        RawHttp.Answer answer = RawHttp.parse(trickle.answer.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.body()).isEqualTo("{\"error\":\"request-timeout: the request was not received in time\"}");
    }

    /** What a slow client saw: the bytes it had sent of {@code slowly} when the server closed, and the answer. */
    record Trickle(int sentWhenClosed, String answer) {
    }

    /** Sends {@code atOnce}, then {@code slowly} one byte per pause, until the server closes the connection. */
    private Trickle trickle(byte[] atOnce, byte[] slowly) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = new RawHttp(port).open()) {
            OutputStream out = socket.getOutputStream();
            out.write(atOnce);
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    for (byte b : slowly) {
                        out.write(b);
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(PAUSE_MILLIS);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server, or the test is over
                }
            });
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            byte[] answer = readUntilClosed(in);
            int sentWhenClosed = sent.get();
            writer.interrupt();
            return new Trickle(sentWhenClosed, new String(answer, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        try {
            return RawHttp.readToEnd(in);
        } catch (java.net.SocketException reset) {
            return new byte[0];
        }
    }
}
