package io.roomsync.support.http;

import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 NIO connector with a deadline on a request's head. Tomcat's {@code connectionTimeout} bounds
 * each read, so a client sending one byte every few seconds could hold a connection for ever; here a watchdog
 * closes every connection whose current request has begun but not reached the application (its request line and
 * headers are not whole) for longer than {@link #setHeaderDeadlineMillis the deadline}, counted from the request's
 * first byte; the client gets no answer. An idle keep-alive connection has no current request: Tomcat's
 * {@code keepAliveTimeout} applies. The check runs
 * every tenth of the deadline (at least every 100 ms), so a connection is closed at most that much after it.
 * Closing goes the way Tomcat's own read timeout does: the socket gets a timeout error and is dispatched as
 * {@link SocketEvent#ERROR}.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

    /** Stages from a whole head to the end of the answer: the body deadline and the application's own time. */
    private static final Set<Integer> IN_APPLICATION = Set.of(Constants.STAGE_PREPARE, Constants.STAGE_SERVICE,
            Constants.STAGE_ENDINPUT, Constants.STAGE_ENDOUTPUT);

    private volatile long headerDeadlineNanos = TimeUnit.SECONDS.toNanos(10);
    private ScheduledExecutorService watchdog;

    /** Longest time, in milliseconds, from a request's first byte to its last header. */
    public void setHeaderDeadlineMillis(long millis) {
        this.headerDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    public long getHeaderDeadlineMillis() {
        return TimeUnit.NANOSECONDS.toMillis(headerDeadlineNanos);
    }

    @Override
    public void start() throws Exception {
        super.start();
        long period = Math.max(100, getHeaderDeadlineMillis() / 10);
        watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, getName() + "-header-deadline");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        super.stop();
    }

    /** Closes every connection whose request head is overdue; never throws (the watchdog must keep running). */
    void closeOverdue() {
        try {
            long now = System.nanoTime();
            for (SocketWrapperBase<?> connection : getEndpoint().getConnections()) {
                if (connection.getCurrentProcessor() instanceof AbstractProcessor processor
                        && isHeadOverdue(processor.getRequest(), now)) {
                    close(connection);
                }
            }
        } catch (RuntimeException e) {
            getLog().warn("the header deadline check failed; it runs again", e);
        }
    }

    /**
     * Whether a request has begun (its first byte came: a start time is set, and reset when the request is recycled)
     * and is still before the application (Tomcat leaves the parse phase's stage as PARSE, NEW or the previous
     * request's ENDED/KEEPALIVE until the head is whole), for longer than the deadline.
     */
    private boolean isHeadOverdue(Request request, long now) {
        long started = request.getStartTimeNanos();
        return started > 0 && now - started > headerDeadlineNanos && !IN_APPLICATION.contains(request.getRequestProcessor().getStage());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void close(SocketWrapperBase connection) {
        connection.setError(new SocketTimeoutException("request head not received within the header deadline"));
        if (!getEndpoint().processSocket(connection, SocketEvent.ERROR, true)) {
            connection.close();
        }
    }
}
