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
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tencent REST call with everything around it: the admin UserSig, a rate-limiter permit, the circuit breaker, the
 * call itself, the answer classified by its ErrorCode, and retries with exponential backoff and jitter while the
 * outcome is retryable (result-based: Tencent answers failures with HTTP 200). A 70001 (UserSig expired) is signed
 * again and retried at once, once. Limiter, retry and breaker are per app and API, shared by every caller of this
 * instance (one instance per process: the limit holds for the whole process); the limiter paces at this replica's
 * share of Tencent's limit ({@link BudgetShare}, {@link #shareAmong}). Nothing blocks a caller: a permit that
 * comes later and the backoff between retries are waited for on one shared scheduler (daemon threads), the HTTP call
 * is asynchronous; the synchronous methods are the asynchronous ones joined.
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

    private final HttpTransport transport;
    private final UserSigCache userSigs;
    private final TimClientConfig config;
    private final RateLimiterRegistry limiters;
    /** Each (app, API)'s limiter (and the lock of its bookings) with the share it was built for; rebuilt when the share changes. */
    private final Map<String, Paced> paced = new ConcurrentHashMap<>();
    /** The live replicas of this service that share each (app, API)'s budget; 1: this process holds it whole. */
    private volatile int replicas = 1;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final MeterRegistry meters;
    /** Waits for permits and between retries, and handles answers off Micronaut's event loop. */
    private final ScheduledExecutorService scheduler;
    /** Calls started and not yet completed (waiting for a permit, on the wire, or between retries). */
    private final AtomicInteger inFlight = new AtomicInteger();

    TimCaller(TimClientConfig config, MeterRegistry meters, Clock clock) {
        this.transport = new HttpTransport(config);
        this.userSigs = new UserSigCache(config.userSigValidity(), clock);
        this.meters = meters;
        this.config = config;
        this.limiters = RateLimiterRegistry.ofDefaults();
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
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread thread = new Thread(r, "tim-client-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        Gauge.builder("roomsync.tim.calls.in.flight", inFlight, AtomicInteger::get)
                .description("Tencent IM calls started and not completed: waiting for a permit, on the wire, or between retries")
                .register(meters);
        Gauge.builder("roomsync.tim.replicas", this, caller -> caller.replicas)
                .description("Live replicas of this service sharing each Tencent budget (this process's share: 1/replicas)")
                .register(meters);
    }

    /** A limiter, with every booking of its permits, and the share it paces at. */
    private record Paced(BudgetShare share, PermitBook book) {
    }

    /**
     * The live replicas of this service, all calling the same apps and APIs; every (app, API) limiter is paced at
     * {@link BudgetShare#of}{@code (limit, replicas)} from its next call on.
     */
    void shareAmong(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("at least this replica, got " + replicas);
        }
        if (replicas != this.replicas) {
            log.info("Tencent budgets now shared among {} replicas (was {})", replicas, this.replicas);
        }
        this.replicas = replicas;
    }

    int replicas() {
        return replicas;
    }

    /** Tencent's limit for {@code api}, per app and second: attribute writes have their own, lower one. */
    int limitPerSecond(TimApi api) {
        return api == TimApi.MODIFY_GROUP_ATTR ? Math.min(config.attributeWritesPerSecond(), config.ratePerSecond())
                : config.ratePerSecond();
    }

    /** The share this process holds now of the (app, API) budget. */
    BudgetShare share(TimApi api) {
        return BudgetShare.of(limitPerSecond(api), replicas);
    }

    /** Whether a call of this (app, API) would get its permit now, without waiting (a hint: another may take it). */
    boolean permitAvailable(TimApp app, TimApi api) {
        return book(app, api).limiter().getMetrics().getAvailablePermissions() > 0;
    }

    /** How many of this (app, API)'s permits are free by {@code within}: {@link PermitBook#freeWithin}. */
    int permitsFree(TimApp app, TimApi api, Duration within) {
        return book(app, api).freeWithin(within);
    }

    /** This (app, API)'s next free permit if it is due within {@code within}, booked: {@link PermitBook#bookWithin}. */
    Optional<Permit> bookPermit(TimApp app, TimApi api, Duration within) {
        return book(app, api).bookWithin(within);
    }

    /** The (app, API) limiter's bookings, the limiter rebuilt at the current share if the share changed since it was built. */
    private PermitBook book(TimApp app, TimApi api) {
        String name = app.sdkAppId() + "." + api.command();
        return paced.compute(name, (key, current) -> {
            // Read inside compute: a caller holding an older count must not swap an older pace back in.
            BudgetShare share = share(api);
            if (current != null && current.share().equals(share)) {
                return current;
            }
            if (!share.strict() && (current == null || current.share().strict())) {
                log.warn("{}: {} replicas cannot split Tencent's {}/s strictly; one call every {} ms each, a second may"
                        + " see {}", name, replicas, limitPerSecond(api), share.slice().toMillis(), share.worstSecond());
            }
            RateLimiterConfig pacing = RateLimiterConfig.custom()
                    .limitForPeriod(share.permits())
                    .limitRefreshPeriod(share.slice())
                    .timeoutDuration(config.rateLimitWait())
                    .build();
            RateLimiter limiter;
            // The limiter counts its cycles from its construction, right after this reading.
            long built = System.nanoTime();
            if (current == null) {
                limiter = limiters.rateLimiter(name, pacing);
            } else {
                limiter = successor(name, pacing, current.book().limiter());
                limiters.replace(name, limiter);
            }
            return new Paced(share, new PermitBook(limiter, System::nanoTime, built));
        }).book();
    }

    /**
     * A limiter at the new {@code pacing} that gives no permit before {@code old} would have given its next one. Calls
     * waiting on the old limiter keep the permits it reserved them (up to {@link TimClientConfig#rateLimitWait()}
     * ahead); were the new one to start with a full slice, both would send at once for that long, above the share.
     */
    static RateLimiter successor(String name, RateLimiterConfig pacing, RateLimiter old) {
        RateLimiter next = RateLimiter.of(name, pacing);
        if (old.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics was
                && next.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics is) {
            long owed = was.getNanosToWait();
            // Each reservation moves the new limiter's next free permit one step later; -1 means past its wait horizon.
            while (owed > 0 && is.getNanosToWait() < owed && next.reservePermission() >= 0) {
                // reserved for a call the old limiter already booked
            }
        }
        return next;
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
     * {@link TimException#attempts()}. Blocks the calling thread until {@link #callAsync} completes.
     */
    Answer callCounted(TimApp app, TimApi api, ObjectNode body) {
        return await(callAsync(app, api, body, null));
    }

    /**
     * As {@link #callCounted}, without blocking: returns at once. The future completes with the answer, or
     * exceptionally with the {@link TimException} the synchronous call would throw. A permit the limiter can give only
     * later is waited for on the client's scheduler (no permit within {@link TimClientConfig#rateLimitWait()}: a
     * {@link TimException#RATE_LIMITED} failure at once, as synchronously); retries wait there too. The future
     * completes on one of the client's threads, so dependent stages without an executor of their own run there:
     * they must be short and must never block (nor call a synchronous method of the client).
     *
     * @param permit a permit booked for this call ({@link #bookPermit}), taken by its first attempt instead of booking
     *               one (unless it lapsed); null: every attempt books its own
     * @throws IllegalArgumentException when {@code permit} was booked for another app or API
     */
    CompletableFuture<Answer> callAsync(TimApp app, TimApi api, ObjectNode body, Permit permit) {
        String name = app.sdkAppId() + "." + api.command();
        if (permit != null && !permit.budget().equals(name)) {
            throw new IllegalArgumentException("a permit of " + permit.budget() + " for a call of " + name);
        }
        CircuitBreaker breaker = breakers.circuitBreaker(name);
        Retry retry = retries.retry(name);
        String json = body.toString();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        inFlight.incrementAndGet();
        CompletionStage<Outcome> outcome;
        try {
            outcome = Retry.decorateCompletionStage(retry, scheduler, () -> {
                // The limiter looked up on every attempt: a retry after the share changed paces at the new share.
                // A permit booked ahead serves the first attempt only; retries book their own.
                return attempt(app, api, json, book(app, api), attempts.incrementAndGet() == 1 ? permit : null, breaker);
            }).get();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((last, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                answer.completeExceptionally(unwrap(error));
            } else if (last.ok()) {
                answer.complete(new Answer(last.body(), attempts.get()));
            } else {
                answer.completeExceptionally(
                        new TimException(api.path(), last.code(), last.info(), attempts.get(), last.cause()));
            }
        });
        return answer;
    }

    /** The value of a future from {@link #callAsync} (or a chain of them), or the exception it failed with. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The failure inside a {@link CompletionException}. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * One attempt: a permit now or later (the one booked ahead for it, unless it lapsed), the breaker, then the call.
     * Never blocks; never fails the stage.
     */
    private CompletionStage<Outcome> attempt(TimApp app, TimApi api, String json, PermitBook book, Permit booked,
                                             CircuitBreaker breaker) {
        long ahead = booked == null ? -1 : booked.waitAt(System.nanoTime());
        long wait = ahead >= 0 ? ahead : book.book();
        if (wait < 0) {
            return CompletableFuture.completedFuture(
                    count(api, new Outcome(null, TimException.RATE_LIMITED, "no rate-limiter permit in time", null)));
        }
        long requested = System.nanoTime();
        if (wait > 0) {
            Counter.builder("roomsync.tim.permit.waits").tag("api", api.command())
                    .description("Tencent IM call attempts that waited for their rate-limiter permit (the budget was spent)")
                    .register(meters).increment();
        }
        if (wait == 0) {
            return permitted(app, api, json, breaker, requested);
        }
        CompletableFuture<Outcome> later = new CompletableFuture<>();
        scheduler.schedule(() -> {
            try {
                permitted(app, api, json, breaker, requested).whenComplete((outcome, error) -> {
                    if (error != null) {
                        later.completeExceptionally(error);
                    } else {
                        later.complete(outcome);
                    }
                });
            } catch (RuntimeException e) {
                // Thrown here it would be lost on the scheduler's thread, and the call would never complete.
                later.completeExceptionally(e);
            }
        }, wait, TimeUnit.NANOSECONDS);
        return later;
    }

    private CompletionStage<Outcome> permitted(TimApp app, TimApi api, String json, CircuitBreaker breaker, long requested) {
        long started = System.nanoTime();
        Timer.builder("roomsync.tim.call.queued").tag("api", api.command())
                .description("Time a Tencent IM call attempt waited for a rate-limiter permit")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(meters)
                .record(started - requested, TimeUnit.NANOSECONDS);
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            return CompletableFuture.completedFuture(count(api,
                    new Outcome(null, TimException.CIRCUIT_OPEN, "circuit breaker " + breaker.getName() + " is open", e)));
        }
        return send(app, api, json).thenCompose(outcome -> {
            if (outcome.code() != 70001) {
                return CompletableFuture.completedFuture(outcome);
            }
            // The admin UserSig expired: sign again and retry at once, once.
            userSigs.invalidate(app);
            count(api, outcome);
            return send(app, api, json);
        }).thenApply(outcome -> {
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
        });
    }

    /** The HTTP exchange, its answer read on the client's scheduler (not on Micronaut's event loop). */
    private CompletableFuture<Outcome> send(TimApp app, TimApi api, String json) {
        String query = api.path() + "?sdkappid=" + app.sdkAppId()
                + "&identifier=" + URLEncoder.encode(app.adminIdentifier(), StandardCharsets.UTF_8)
                + "&usersig=" + userSigs.get(app)
                + "&random=" + ThreadLocalRandom.current().nextLong(0, 1L << 32)
                + "&contenttype=json";
        return transport.postAsync(app.domain(), query, json).handleAsync((answer, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                log.debug("{} for app {}: no answer: {}", api.path(), app.sdkAppId(), cause.getMessage());
                return new Outcome(null, TimException.TRANSPORT_FAILURE, cause.getMessage(), cause);
            }
            try {
                JsonNode body = JSON.readTree(answer);
                int code = body.path("ErrorCode").asInt(0);
                String status = body.path("ActionStatus").asText("OK");
                if (code == 0 && "FAIL".equals(status)) {
                    code = 10002;
                }
                return new Outcome(body, code, body.path("ErrorInfo").asText(""), null);
            } catch (java.io.IOException e) {
                return new Outcome(null, TimException.TRANSPORT_FAILURE, "answer is not JSON: " + e.getMessage(), e);
            }
        }, scheduler);
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
        scheduler.shutdownNow();
    }
}
