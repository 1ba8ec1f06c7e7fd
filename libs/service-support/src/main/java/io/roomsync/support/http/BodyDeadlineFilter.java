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
        try {
            chain.doFilter(timed, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!timed.tripped || response.isCommitted()) {
                throw e;
            }
        }
        if (timed.tripped && !response.isCommitted()) {
            JsonErrorController.write(response, shape, HttpProblem.forStatus(408));
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
