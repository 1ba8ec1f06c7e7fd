package io.roomsync.support.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path carries a path parameter ({@code ;} before the query), with 400 {@code bad-request} in
 * the service's shape. Tomcat and Spring drop path parameters before routing, so {@code /v1/rooms/R;x=1/...} would
 * act on room {@code R}, another room than the one the caller wrote ({@code ;} is legal in a Tencent group id: it is
 * written {@code %3B} in a path). No roomsync URL uses path parameters, nor does Tencent's callback URL.
 */
public class PathParameterFilter extends OncePerRequestFilter {

    /** What the caller is told: the rule and how to write a {@code ;} that belongs to an id. */
    static final HttpProblem PATH_PARAMETER = new HttpProblem(400, "bad-request",
            "path parameters (';') are not accepted; write a ';' inside an id as %3B");

    private final ErrorShape shape;

    public PathParameterFilter(ErrorShape shape) {
        this.shape = shape;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The request URI as sent (undecoded, without the query): a ';' here is a path parameter, "%3B" is not.
        if (request.getRequestURI().indexOf(';') >= 0) {
            JsonErrorController.write(response, shape, PATH_PARAMETER);
            return;
        }
        chain.doFilter(request, response);
    }
}
