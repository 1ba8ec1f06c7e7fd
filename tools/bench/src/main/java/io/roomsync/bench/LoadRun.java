package io.roomsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured run against one endpoint: {@code connections} workers, each with its own connection.
 *
 * <p>Closed loop (rate 0): each worker sends its next request as soon as the last answered; the result is the
 * throughput. Open loop (rate &gt; 0): requests are due at fixed intervals whether or not earlier ones answered, and
 * latency is measured from when a request was due, not when it could be sent, so a stall shows up in the
 * percentiles instead of hiding (no coordinated omission).
 */
final class LoadRun {

    /** What one run measured. */
    record Result(String label, long requests, long errors, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private LoadRun() {
    }

    /**
     * @param request for request number n, the path-and-query and the body to post
     */
    static Result run(String label, String host, int port, int connections, double ratePerSecond, Duration duration,
                      LongFunction<Request> request) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong sequence = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Thread worker = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    while (true) {
                        long n = sequence.getAndIncrement();
                        long due = intervalNanos > 0 ? start + (long) (n * intervalNanos) : System.nanoTime();
                        if (due >= end) {
                            return;
                        }
                        long now = System.nanoTime();
                        if (due > now) {
                            java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                        }
                        Request next = request.apply(n);
                        int status;
                        try {
                            status = connection.post(next.pathAndQuery(), next.body());
                        } catch (java.io.IOException e) {
                            status = -1;
                        }
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                        recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    }
                }
            }, "load-" + label + "-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        return new Result(label, histogram.getTotalCount(), errors.get(), seconds, histogram);
    }

    /** A request to post. */
    record Request(String pathAndQuery, byte[] body) {
    }
}
