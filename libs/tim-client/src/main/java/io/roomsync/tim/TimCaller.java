package io.roomsync.tim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tencent REST call with everything around it: the admin UserSig, a rate-limiter permit, the circuit breaker, the
 * call itself, the answer classified by its ErrorCode, and retries with exponential backoff and jitter while the
 * outcome is retryable (result-based: Tencent answers failures with HTTP 200). A 70001 (UserSig expired) is signed
 * again and retried at once, once. Limiter, retry and breaker are per app and API, shared by every caller.
 */
final class TimCaller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimCaller.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one attempt came to. */
    private record Outcome(JsonNode body, int code, String info, Throwable cause) {
        boolean ok() {
            return code == 0;
        }

        boolean retryable() {
            return code == TimException.TRANSPORT_FAILURE || (code > 0 && TimErrorKind.of(code) == TimErrorKind.RETRYABLE);
        }

        String tag() {
            return switch (code) {
                case TimException.TRANSPORT_FAILURE -> "transport-failure";
                case TimException.CIRCUIT_OPEN -> "circuit-open";
                case TimException.RATE_LIMITED -> "rate-limited";
                default -> Integer.toString(code);
            };
        }
    }

    /** Marks a retryable Tencent code as a failure for the circuit breaker. */
    private static final class RetryableCode extends Exception {
        RetryableCode(int code) {
            super("ErrorCode " + code, null, false, false);
        }
    }

    /**
     * How calls are paced: at 90% of Tencent's limit, in slices of 50 ms (longer for low limits, one permit each).
     * Tencent counts per wall-clock second, which no local limiter's windows line up with; a whole second's permits at
     * once could land in one Tencent second together with the previous window's. Sliced, any one-second window sees
     * at most one slice more than its share, still under the limit.
     */
    record Pacing(int permits, Duration slice) {
        static Pacing of(int ratePerSecond) {
            double perSecond = ratePerSecond * 0.9;
            int permits = (int) Math.floor(perSecond / 20);
            if (permits >= 1) {
                return new Pacing(permits, Duration.ofMillis(50));
            }
            return new Pacing(1, Duration.ofMillis((long) Math.ceil(1000 / perSecond)));
        }
    }

    private final HttpTransport transport;
    private final UserSigCache userSigs;
    private final RateLimiterRegistry limiters;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final MeterRegistry meters;

    TimCaller(TimClientConfig config, MeterRegistry meters, Clock clock) {
        this.transport = new HttpTransport(config);
        this.userSigs = new UserSigCache(config.userSigValidity(), clock);
        this.meters = meters;
        Pacing pacing = Pacing.of(config.ratePerSecond());
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(pacing.permits())
                .limitRefreshPeriod(pacing.slice())
                .timeoutDuration(config.rateLimitWait())
                .build());
        this.retries = RetryRegistry.of(RetryConfig.<Outcome>custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(),
                        config.backoffMultiplier(), config.backoffJitter(), config.maxBackoff()))
                .retryOnResult(Outcome::retryable)
                .retryOnException(e -> false)
                .failAfterMaxAttempts(false)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .waitDurationInOpenState(config.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /** The answer's body when ErrorCode is 0; otherwise a {@link TimException} once retries are exhausted. */
    JsonNode call(TimApp app, TimApi api, ObjectNode body) {
        return callCounted(app, api, body).body();
    }

    /** A successful answer's body and the attempts it took (1 when the first attempt succeeded). */
    record Answer(JsonNode body, int attempts) {
    }

    /**
     * As {@link #call}, with the attempts the answer took (retries included); a failure's attempts are in its
     * {@link TimException#attempts()}.
     */
    Answer callCounted(TimApp app, TimApi api, ObjectNode body) {
        String name = app.sdkAppId() + "." + api.command();
        RateLimiter limiter = limiters.rateLimiter(name);
        CircuitBreaker breaker = breakers.circuitBreaker(name);
        Retry retry = retries.retry(name);
        String json = body.toString();
        AtomicInteger attempts = new AtomicInteger();
        Outcome outcome = Retry.decorateSupplier(retry, () -> {
            attempts.incrementAndGet();
            return attempt(app, api, json, limiter, breaker);
        }).get();
        if (outcome.ok()) {
            return new Answer(outcome.body(), attempts.get());
        }
        throw new TimException(api.path(), outcome.code(), outcome.info(), attempts.get(), outcome.cause());
    }

    private Outcome attempt(TimApp app, TimApi api, String json, RateLimiter limiter, CircuitBreaker breaker) {
        if (!limiter.acquirePermission()) {
            return count(api, new Outcome(null, TimException.RATE_LIMITED, "no rate-limiter permit in time", null));
        }
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            return count(api, new Outcome(null, TimException.CIRCUIT_OPEN, "circuit breaker " + breaker.getName() + " is open", e));
        }
        long started = System.nanoTime();
        Outcome outcome = send(app, api, json);
        if (outcome.code() == 70001) {
            // The admin UserSig expired: sign again and retry at once, once.
            userSigs.invalidate(app);
            count(api, outcome);
            outcome = send(app, api, json);
        }
        long elapsed = System.nanoTime() - started;
        if (outcome.retryable()) {
            breaker.onError(elapsed, TimeUnit.NANOSECONDS,
                    outcome.cause() != null ? outcome.cause() : new RetryableCode(outcome.code()));
        } else {
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        Timer.builder("roomsync.tim.call.duration").tag("api", api.command())
                .description("Tencent IM REST call time, per attempt").register(meters)
                .record(elapsed, TimeUnit.NANOSECONDS);
        return count(api, outcome);
    }

    private Outcome send(TimApp app, TimApi api, String json) {
        String query = api.path() + "?sdkappid=" + app.sdkAppId()
                + "&identifier=" + URLEncoder.encode(app.adminIdentifier(), StandardCharsets.UTF_8)
                + "&usersig=" + userSigs.get(app)
                + "&random=" + ThreadLocalRandom.current().nextLong(0, 1L << 32)
                + "&contenttype=json";
        try {
            String answer = transport.post(app.domain(), query, json);
            JsonNode body = JSON.readTree(answer);
            int code = body.path("ErrorCode").asInt(0);
            String status = body.path("ActionStatus").asText("OK");
            if (code == 0 && "FAIL".equals(status)) {
                code = 10002;
            }
            return new Outcome(body, code, body.path("ErrorInfo").asText(""), null);
        } catch (HttpTransport.TransportFailure e) {
            log.debug("{} for app {}: no answer: {}", api.path(), app.sdkAppId(), e.getMessage());
            return new Outcome(null, TimException.TRANSPORT_FAILURE, e.getMessage(), e);
        } catch (java.io.IOException e) {
            return new Outcome(null, TimException.TRANSPORT_FAILURE, "answer is not JSON: " + e.getMessage(), e);
        }
    }

    private Outcome count(TimApi api, Outcome outcome) {
        Counter.builder("roomsync.tim.calls").tag("api", api.command()).tag("code", outcome.tag())
                .description("Tencent IM REST call attempts, by API and ErrorCode (0: success)").register(meters)
                .increment();
        return outcome;
    }

    /** The breaker of an app's API, for health reporting. */
    CircuitBreaker.State breakerState(long sdkAppId, TimApi api) {
        return breakers.circuitBreaker(sdkAppId + "." + api.command()).getState();
    }

    @Override
    public void close() {
        transport.close();
    }
}
