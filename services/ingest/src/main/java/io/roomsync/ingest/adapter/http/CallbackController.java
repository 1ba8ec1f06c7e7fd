package io.roomsync.ingest.adapter.http;

import io.roomsync.ingest.CallbackIntake;
import io.roomsync.ingest.domain.Callback;
import io.roomsync.ingest.domain.Intake;
import io.roomsync.ingest.domain.Rejection;
import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.JsonErrorController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
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

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);
    private static final byte[] OK = ErrorShape.tencentReply("OK", 0, "");

    private final CallbackIntake intake;
    private final Clock clock;

    /** @param intake the callback's way from arrival to answer, the Before-send verdict included */
    public CallbackController(CallbackIntake intake, Clock clock) {
        this.intake = intake;
        this.clock = clock;
    }

    @PostMapping("/tencent-im/callback")
    public void callback(HttpServletRequest request, HttpServletResponse response) {
        receive(request, response);
    }

    /**
     * Only POST is a callback. Spring would answer OPTIONS itself (200, an {@code Allow} header, no body), the one
     * method whose answer would not be Tencent's shape: here it is 405 with {@code Allow: POST} like any other method.
     */
    @RequestMapping(path = "/tencent-im/callback", method = RequestMethod.OPTIONS)
    public void options() throws HttpRequestMethodNotSupportedException {
        throw new HttpRequestMethodNotSupportedException("OPTIONS", List.of("POST"));
    }

    /**
     * Answers one callback; every request that gets here is counted received and ends published or rejected (see
     * {@link CallbackIntake#handle}). The Content-Type header is not looked at: Tencent's is unconfirmed, the query's
     * {@code contenttype=json} names the format, and the body is judged as strict UTF-8 JSON whatever it says.
     */
    void receive(HttpServletRequest request, HttpServletResponse response) {
        Intake outcome;
        try {
            QueryString query = QueryString.parse(request.getQueryString());
            Callback arrived = new Callback(query.get("SdkAppid"), query.get("CallbackCommand"), query.get("Sign"),
                    query.get("RequestTime"), query.get("ClientIP"), query.get("OptPlatform"), null, clock.instant());
            outcome = intake.handle(arrived, limit -> readBody(request, limit)).join();
        } catch (QueryString.Malformed e) {
            Callback unread = new Callback(null, null, null, null, null, null, null, clock.instant());
            outcome = intake.refuseUnread(unread, new Intake.Refused(Rejection.MALFORMED_QUERY, e.getMessage()));
        }
        if (outcome instanceof Intake.Refused refused) {
            byte[] body = refusalBody(refused);
            // Tomcat answers a failed body read itself (sendError, then the shared error page, which drops what the
            // controller writes): the error page answers with this refusal instead of its generic body.
            request.setAttribute(JsonErrorController.PREPARED_ANSWER, body);
            reply(response, refused.reason().httpStatus(), body);
        } else {
            // The Before-send verdict was decided before publishing (CallbackIntake); its answer, or the plain OK.
            byte[] answer = ((Intake.Accepted) outcome).answer();
            reply(response, HttpServletResponse.SC_OK, answer == null ? OK : answer);
        }
    }

    private static void reply(HttpServletResponse response, int status, byte[] body) {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away before its answer; the callback was already counted, there is no one to tell.
            log.debug("callback answer {} not delivered: {}", status, e.toString());
        }
    }

    /**
     * The body, or null when it is larger than {@code limit}; reads no more than one byte past the limit, and
     * allocates what the body needs, not the limit.
     *
     * @throws IOException when the body cannot be read to its end: broken chunked framing, a client that went away,
     *                     or fewer bytes than its Content-Length declared
     */
    static byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            if (declared >= 0) {
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw new EOFException("body ended after " + body.length + " of " + declared + " bytes");
                }
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
        return ErrorShape.tencentReply("FAIL", reason.errorCode(), reason.tag() + ": " + refused.detail());
    }
}
