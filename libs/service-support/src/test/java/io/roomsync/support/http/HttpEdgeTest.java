package io.roomsync.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP edge every roomsync service installs, on a real Tomcat with the API shape: each kind of input the
 * container answers itself gets its exact status and body (issue 12, case 6). No Kafka is needed: topics are not
 * created, and nothing here publishes.
 */
@SpringBootTest(classes = HttpEdgeTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "roomsync.kafka.create-topics=false")
@ActiveProfiles("dev")
class HttpEdgeTest {

    static final String NOT_FOUND = "{\"error\":\"not-found: nothing is served at this path\"}";
    static final String BAD_REQUEST =
            "{\"error\":\"bad-request: the request line, URI, parameters, headers or body are malformed\"}";

    @LocalServerPort
    int port;

    @Test
    void getErrorIsNotFound() throws Exception {
        // When /error is asked for directly
        RawHttp.Answer answer = http().send("GET /error HTTP/1.1", null);

        // Then it is a path like any other that serves nothing
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(NOT_FOUND);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        RawHttp.Answer answer = http().send("GET /v1/nothing/here HTTP/1.1", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllow() throws Exception {
        RawHttp.Answer answer = http().send("DELETE /v1/things HTTP/1.1", null);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("POST");
        assertThat(answer.body()).isEqualTo("{\"error\":\"method-not-allowed: this method is not allowed here; see the Allow header\"}");
    }

    @Test
    void unsupportedMediaTypeIs415() throws Exception {
        RawHttp.Answer answer = http().send("POST /v1/things HTTP/1.1\r\nContent-Type: text/plain", "name");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body()).isEqualTo("{\"error\":\"unsupported-media-type: the body's Content-Type is not accepted here\"}");
    }

    @Test
    void notAcceptableIs406InJson() throws Exception {
        RawHttp.Answer answer = http().send("GET /v1/things/t1 HTTP/1.1\r\nAccept: text/html", null);

        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"not-acceptable: this resource answers application/json only\"}");
    }

    @Test
    void pathsTomcatRefusesAreBadRequestsInJson() throws Exception {
        for (String path : new String[] {"/v1/things/a%2Fb", "/v1/things/a%5Cb", "/v1/things/a%00b", "/../v1/things/t1",
                "/v1/things/%2e%2e/%2e%2e/%2e%2e", "/v1/things/a\\b"}) {
            RawHttp.Answer answer = http().send("GET " + path + " HTTP/1.1", null);

            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).isEqualTo(BAD_REQUEST);
        }
    }

    @Test
    void pathParametersAreRefusedAndDotSegmentsInsideTheTreeNotFound() throws Exception {
        // ';' starts a path parameter, which Tomcat would drop before routing (so "a;b=c" would be "a"): refused;
        // a ';' written %3B belongs to the id
        RawHttp.Answer parameter = http().send("GET /v1/things/a;b=c HTTP/1.1", null);
        assertThat(parameter.status()).isEqualTo(400);
        assertThat(parameter.body()).isEqualTo("{\"error\":\"bad-request: path parameters (';') are not accepted; "
                + "write a ';' inside an id as %3B\"}");
        assertThat(http().send("GET /v1/things/a%3Bb=c HTTP/1.1", null).body()).isEqualTo("{\"id\":\"a;b=c\"}");
        // '..' below the root is routed as sent, here to nothing
        RawHttp.Answer dots = http().send("GET /v1/things/x/../../other HTTP/1.1", null);
        assertThat(dots.status()).isEqualTo(404);
        assertThat(dots.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void unknownTransferCodingIsBadRequestNot501() throws Exception {
        RawHttp.Answer answer = http().sendRaw(("POST /v1/things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void brokenChunkedFramingIsBadRequest() throws Exception {
        RawHttp.Answer answer = http().sendRaw(("POST /v1/things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"error\":\"");
        assertThat(answer.body()).doesNotContain("Exception");
    }

    @Test
    void overlongHeadersAndUriAreRefusedInJson() throws Exception {
        RawHttp.Answer header = http().send("GET /v1/things/t1 HTTP/1.1\r\nX-Big: " + "a".repeat(20_000), null);
        RawHttp.Answer uri = http().send("GET /v1/things/" + "a".repeat(20_000) + " HTTP/1.1", null);

        assertThat(header.status()).isEqualTo(400);
        assertThat(header.body()).isEqualTo(BAD_REQUEST);
        assertThat(uri.status()).isEqualTo(400);
        assertThat(uri.body()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void anUnhandledFailureIs500WithoutItsText() throws Exception {
        RawHttp.Answer answer = http().send("GET /v1/broken HTTP/1.1", null);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"error\":\"internal-error: the service failed to answer this request\"}");
    }

    @Test
    void anAnswerTheHandlerPreparedIsTheErrorPagesBody() throws Exception {
        // Given a handler that prepared its own refusal, then had the container send the error
        RawHttp.Answer answer = http().send("GET /v1/prepared HTTP/1.1", null);

        // Then the error page answers the error's status with the prepared body
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"prepared\"}");
    }

    private RawHttp http() {
        return new RawHttp(port);
    }

    /** A service with one small API, as the roomsync services have. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @RestController
        static class Things {
            record Thing(String name) {
            }

            @GetMapping(path = "/v1/things/{id}", produces = "application/json")
            Map<String, String> thing(@PathVariable String id) {
                return Map.of("id", id);
            }

            @PostMapping("/v1/things")
            @ResponseStatus(HttpStatus.ACCEPTED)
            Map<String, String> create(@RequestBody Thing thing) {
                return Map.of("name", String.valueOf(thing.name()));
            }

            @GetMapping("/v1/prepared")
            void prepared(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                    throws java.io.IOException {
                request.setAttribute(JsonErrorController.PREPARED_ANSWER, "{\"error\":\"prepared\"}".getBytes(StandardCharsets.UTF_8));
                response.sendError(400);
            }

            /** Reads the body itself, as ingest's callback does, and lets a failed read propagate. */
            @PostMapping("/v1/raw")
            void raw(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                    throws java.io.IOException {
                byte[] body = request.getInputStream().readAllBytes();
                response.setContentType("application/json");
                response.getOutputStream().write(("{\"bytes\":" + body.length + "}").getBytes(StandardCharsets.UTF_8));
            }

            @GetMapping("/v1/broken")
            Map<String, String> broken() {
                throw new IllegalStateException("secret detail at com.example.Internal");
            }
        }
    }
}
