package io.roomsync.ingest.adapter.http;

import io.roomsync.support.http.ErrorShape;
import io.roomsync.support.http.HttpProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses callbacks from outside {@code roomsync.ingest.callback-sources.allowed} ({@link CallbackSources}) with 403
 * in Tencent's reply shape ({@code ErrorCode} 4030), before the body is read. Installed only when ranges are set.
 */
public class CallbackSourceFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallbackSourceFilter.class);

    private final CallbackSources sources;

    public CallbackSourceFilter(CallbackSources sources) {
        this.sources = sources;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refused = sources.refused(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        if (refused.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("callback refused: source address {} is outside roomsync.ingest.callback-sources.allowed", refused.get());
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(ErrorShape.TENCENT.render(
                new HttpProblem(403, "forbidden", "the callback's source address is not allowed")));
    }
}
