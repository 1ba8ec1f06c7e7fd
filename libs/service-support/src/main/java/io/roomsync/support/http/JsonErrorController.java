package io.roomsync.support.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page of every roomsync service ({@code /error}, where Tomcat forwards {@code sendError} and uncaught
 * exceptions): the problem in the service's {@link ErrorShape}, whatever the request's method or Accept header
 * (written directly, no content negotiation, so a 406 is answered in JSON too). Headers set before the error stay
 * (a 405's {@code Allow}). Requested directly, {@code /error} is a path like any other that serves nothing: 404.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
public class JsonErrorController implements ErrorController {

    /**
     * Request attribute a handler may set to the whole body (UTF-8 JSON bytes, already in the service's shape) it
     * wants for an error it cannot write itself: when Tomcat has called {@code sendError} under it (a body read that
     * failed), this page answers the error's status with that body instead of the generic one.
     */
    public static final String PREPARED_ANSWER = "io.roomsync.http.prepared-answer";

    private final ErrorShape shape;

    public JsonErrorController(ErrorShape shape) {
        this.shape = shape;
    }

    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status instanceof Integer code && request.getAttribute(PREPARED_ANSWER) instanceof byte[] prepared) {
            write(response, code, prepared);
            return;
        }
        HttpProblem problem;
        if (!(status instanceof Integer code)) {
            problem = HttpProblem.forStatus(404);
        } else if (Boolean.TRUE.equals(request.getAttribute(BodyDeadlineFilter.TOO_SLOW))) {
            // The body's reader failed because it came too slowly, whatever the application made of that failure.
            problem = HttpProblem.forStatus(408);
        } else {
            problem = HttpProblem.forFailure(code, (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        write(response, shape, problem);
    }

    /** Writes {@code problem} as the whole response, replacing any body not yet committed. */
    static void write(HttpServletResponse response, ErrorShape shape, HttpProblem problem) throws IOException {
        write(response, problem.status(), shape.render(problem));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
