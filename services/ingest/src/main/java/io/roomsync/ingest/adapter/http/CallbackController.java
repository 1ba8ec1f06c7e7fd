package io.roomsync.ingest.adapter.http;

import io.roomsync.ingest.BeforeSendModeration;
import io.roomsync.ingest.CallbackIntake;
import io.roomsync.ingest.domain.Callback;
import io.roomsync.ingest.domain.Intake;
import io.roomsync.ingest.domain.Rejection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /tencent-im/callback}: Tencent's callback URL. The query string is read as sent (not through servlet
 * parameter parsing, which would consume a form-encoded body), the body up to the size limit, and the reply is
 * written straight to the response (no message converters or content negotiation: Tencent wants one fixed JSON).
 *
 * <p>The request thread waits for Kafka's acknowledgement (bounded by the publish timeout). An asynchronous answer
 * would free the thread but costs a second pass through the servlet pipeline per callback; measured here, waiting is
 * cheaper, and Tomcat's 200 threads cover 200 callbacks in flight, far above what a few milliseconds of
 * acknowledgement need at Tencent's rates.
 */
@RestController
public class CallbackController {

    private static final byte[] OK = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes(StandardCharsets.UTF_8);

    private final CallbackIntake intake;
    private final BeforeSendModeration moderation;
    private final Clock clock;

    public CallbackController(CallbackIntake intake, BeforeSendModeration moderation, Clock clock) {
        this.intake = intake;
        this.moderation = moderation;
        this.clock = clock;
    }

    @PostMapping("/tencent-im/callback")
    public void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        receive(request, response);
    }

    void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryString query = QueryString.parse(request.getQueryString());
        Callback arrived = new Callback(query.get("SdkAppid"), query.get("CallbackCommand"), query.get("Sign"),
                query.get("RequestTime"), query.get("ClientIP"), query.get("OptPlatform"), null, clock.instant());
        Intake outcome = intake.handle(arrived, limit -> readBody(request, limit)).join();
        if (outcome instanceof Intake.Refused refused) {
            reply(response, refused.reason().httpStatus(), refusalBody(refused));
        } else {
            byte[] verdict = moderation == null ? null : moderation.answer(((Intake.Accepted) outcome).event());
            reply(response, HttpServletResponse.SC_OK, verdict == null ? OK : verdict);
        }
    }

    private static void reply(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The body, or null when it is larger than {@code limit}; reads no more than one byte past the limit, and
     * allocates what the body needs, not the limit.
     */
    static byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            if (declared >= 0) {
                byte[] body = in.readNBytes((int) declared);
                return in.read() == -1 ? body : null;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
            byte[] chunk = new byte[4096];
            int read;
            while ((read = in.read(chunk)) != -1) {
                body.write(chunk, 0, read);
                if (body.size() > limit) {
                    return null;
                }
            }
            return body.toByteArray();
        }
    }

    /** Tencent's reply shape with roomsync's code and reason: {@code {"ActionStatus":"FAIL","ErrorCode":..,"ErrorInfo":".."}}. */
    static byte[] refusalBody(Intake.Refused refused) {
        Rejection reason = refused.reason();
        String body = "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":" + reason.errorCode() + ",\"ErrorInfo\":\""
                + jsonEscape(reason.tag() + ": " + refused.detail()) + "\"}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
