package io.roomsync.security.spring;

import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.HttpProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The 401 and 403 of a roomsync port, in the port's {@link ErrorShape} ({@code {"error":"unauthorized: .."}} on the
 * APIs) with the {@code WWW-Authenticate} challenge of RFC 6750:
 * <ul>
 *   <li>no token: 401 {@code unauthorized: a bearer token is required}, {@code Bearer};</li>
 *   <li>a token refused: 401 with the reason ({@link TokenValidators}' sentences, or {@link #BAD_TOKEN}),
 *       {@code Bearer error="invalid_token", error_description=".."};</li>
 *   <li>a token without the route's scope: 403 {@code forbidden: the token lacks the scope <scope>},
 *       {@code Bearer error="insufficient_scope", error_description="..", scope="<scope>"};</li>
 *   <li>a token limited to other IM apps: 403 {@code forbidden: the token may not act on app <n>}.</li>
 * </ul>
 * Texts are fixed sentences: nothing of the request or the token is echoed.
 */
public final class AuthenticationErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    public static final String NO_TOKEN = "a bearer token is required";
    public static final String BAD_TOKEN = "the token is malformed or not signed by a trusted key";

    private final ErrorShape shape;
    private final ApiRoutes routes;

    public AuthenticationErrors(ErrorShape shape, ApiRoutes routes) {
        this.shape = shape;
        this.routes = routes;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        // A bearer token was presented and refused; anything else (no token, another scheme) is a missing token.
        if (failure instanceof OAuth2AuthenticationException) {
            String reason = reason(failure);
            write(response, 401, "unauthorized", reason, "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
        } else {
            write(response, 401, "unauthorized", NO_TOKEN, "Bearer");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (denied instanceof AppNotAllowed) {
            write(response, 403, "forbidden", denied.getMessage(),
                    "Bearer error=\"insufficient_scope\", error_description=\"" + denied.getMessage() + "\"");
            return;
        }
        String scope = routes.scopeFor(request).orElse(null);
        String reason = scope == null ? "the token may not do this" : "the token lacks the scope " + scope;
        write(response, 403, "forbidden", reason, "Bearer error=\"insufficient_scope\", error_description=\"" + reason + "\""
                + (scope == null ? "" : ", scope=\"" + scope + "\""));
    }

    /** The validator's sentence when a claim was refused, else {@link #BAD_TOKEN} (signature, format, algorithm). */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                for (OAuth2Error error : invalid.getErrors()) {
                    if (TokenValidators.isOwnSentence(error.getDescription())) {
                        return error.getDescription();
                    }
                }
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return BAD_TOKEN;
    }

    private void write(HttpServletResponse response, int status, String reasonTag, String detail, String challenge)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        byte[] body = shape.render(new HttpProblem(status, reasonTag, detail));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
