package io.roomsync.support.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A deadline on reading a request body: from the moment the request reaches the application (its headers are in),
 * the body must be read whole within {@code bodyTimeout}. Tomcat's read timeout bounds each read only, so a client
 * sending a byte every few seconds could otherwise hold a request thread for ever. A read past the deadline throws
 * {@link BodyTooSlow} (an {@link IOException}, as any failed body read); if the application did not answer
 * otherwise, the answer is 408 in the service's shape. Tomcat closes the connection after a 4xx instead of draining
 * the rest of the body.
 */
public class BodyDeadlineFilter extends OncePerRequestFilter {

    /** A body not received within the deadline; the client's fault, answered 4xx. */
    public static class BodyTooSlow extends IOException {
        BodyTooSlow(Duration deadline) {
            super("the body was not received within " + deadline.toMillis() + " ms");
        }
    }

    /** Request attribute set (to {@code true}) when the body deadline passed; the error page answers 408 then. */
    public static final String TOO_SLOW = BodyDeadlineFilter.class.getName() + ".TOO_SLOW";

    /** Most of an unread body read away after the answer to keep the connection: Tomcat's default maxSwallowSize. */
    static final long MAX_DRAIN = 2L * 1024 * 1024;

    private final Duration deadline;
    private final ErrorShape shape;

    public BodyDeadlineFilter(Duration deadline, ErrorShape shape) {
        this.deadline = deadline;
        this.shape = shape;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DeadlineRequest timed = new DeadlineRequest(request, System.nanoTime() + deadline.toNanos());
        boolean failed = false;
        try {
            chain.doFilter(timed, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!timed.tripped || response.isCommitted()) {
                throw e;
            }
            // The too-slow read failed the application; a filter on the way out may have set 500 meanwhile.
            failed = true;
        }
        if (!timed.tripped) {
            drainUnread(request, response, timed.deadlineNanos);
        } else if (!response.isCommitted() && (failed || response.getStatus() < 400)) {
            // The application did not answer (an error it raised itself is turned into 408 by the error page).
            JsonErrorController.write(response, shape, HttpProblem.forStatus(408));
        }
    }

    /**
     * Reads what the application left of the body, within the same deadline and at most {@link #MAX_DRAIN} bytes, so
     * the connection can serve its next request. Tomcat itself swallows nothing ({@code maxSwallowSize} 0: its own
     * drain has no time limit), so a body that is too slow or too large here makes Tomcat close the connection.
     */
    private static void drainUnread(HttpServletRequest request, HttpServletResponse response, long deadlineNanos) {
        if (request.isAsyncStarted()) {
            return;
        }
        try {
            response.flushBuffer();
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long left = MAX_DRAIN;
            int read;
            while (left > 0 && System.nanoTime() - deadlineNanos < 0
                    && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the body was read as a Reader: Tomcat closes the connection if need be.
        }
    }

    private final class DeadlineRequest extends HttpServletRequestWrapper {
        private final long deadlineNanos;
        private volatile boolean tripped;
        private ServletInputStream stream;

        DeadlineRequest(HttpServletRequest request, long deadlineNanos) {
            super(request);
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new DeadlineStream(super.getInputStream(), this);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
        }

        void check() throws BodyTooSlow {
            if (System.nanoTime() - deadlineNanos > 0) {
                tripped = true;
                setAttribute(TOO_SLOW, Boolean.TRUE);
                throw new BodyTooSlow(deadline);
            }
        }
    }

    private static final class DeadlineStream extends ServletInputStream {
        private final ServletInputStream in;
        private final DeadlineRequest request;

        DeadlineStream(ServletInputStream in, DeadlineRequest request) {
            this.in = in;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            request.check();
            int read = in.read();
            request.check();
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            request.check();
            int read = in.read(buffer, offset, length);
            request.check();
            return read;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
