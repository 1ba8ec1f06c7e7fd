package io.roomsync.support.http;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error, in the service's {@link ErrorShape} instead of Tomcat's HTML page. It answers what
 * Tomcat refuses before any servlet runs (a URI with {@code %2F}, {@code %5C}, {@code %00} or {@code ..} above the
 * root, an unknown transfer coding, a malformed request line or header), and any error nobody else wrote a body for.
 * Errors inside the application are rendered by {@link JsonErrorController} first; then the response is already
 * written and this valve does nothing.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private final ErrorShape shape;

    public JsonErrorReportValve(ErrorShape shape) {
        this.shape = shape;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // The same guards as Tomcat's own report: nothing to do below 400, after a body, or twice.
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Throwable failure = throwable != null ? throwable : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpProblem problem = HttpProblem.forFailure(response.getStatus(), failure);
        try {
            response.setStatus(problem.status());
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(shape.render(problem), StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more can be said.
        }
    }
}
