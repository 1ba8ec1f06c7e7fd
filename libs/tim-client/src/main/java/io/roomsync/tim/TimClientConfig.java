package io.roomsync.tim;

import java.time.Duration;

/**
 * How the Tencent IM client paces, retries and protects its calls. Immutable; build with {@link #custom()}, which
 * refuses values that cannot work. Every option and its default:
 *
 * <table>
 *   <caption>options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ratePerSecond</td><td>200</td><td>Tencent's limit of calls per second per API (per app), 200/s where
 *       stated (above it: 60007); the client paces each API at 90% of it in 50 ms slices, shared by every caller of
 *       this client in the process, so no one-second window sees more than the limit; with several replicas each
 *       paces at its share ({@link BudgetShare}, {@link TimClient#shareAmong})</td></tr>
 *   <tr><td>attributeWritesPerSecond</td><td>5</td><td>Tencent's limit of group attribute writes per second
 *       ({@code modify_group_attr}; 10049 beyond), taken as per app (Tencent does not say whether per group or per
 *       app; per app is the stricter reading)</td></tr>
 *   <tr><td>rateLimitWait</td><td>5 s</td><td>longest a call waits for a permit before failing as rate limited</td></tr>
 *   <tr><td>maxAttempts</td><td>5</td><td>attempts per call for retryable codes and I/O errors, the first included</td></tr>
 *   <tr><td>initialBackoff</td><td>200 ms</td><td>wait before the first retry</td></tr>
 *   <tr><td>backoffMultiplier</td><td>2.0</td><td>growth of the wait per retry</td></tr>
 *   <tr><td>backoffJitter</td><td>0.5</td><td>each wait is randomised by up to this fraction, so callers spread out</td></tr>
 *   <tr><td>maxBackoff</td><td>5 s</td><td>longest wait between attempts</td></tr>
 *   <tr><td>failureRateThreshold</td><td>50 %</td><td>failure rate (transport errors and retryable codes) that
 *       opens an API's circuit breaker; permanent errors are the caller's, not Tencent's, and do not count</td></tr>
 *   <tr><td>slidingWindowSize</td><td>20</td><td>calls the failure rate is computed over</td></tr>
 *   <tr><td>minimumCalls</td><td>10</td><td>calls before the breaker may open</td></tr>
 *   <tr><td>openStateWait</td><td>10 s</td><td>how long an open breaker refuses calls before letting probes through</td></tr>
 *   <tr><td>halfOpenCalls</td><td>3</td><td>probe calls while half open</td></tr>
 *   <tr><td>connectTimeout</td><td>2 s</td><td>TCP connect timeout</td></tr>
 *   <tr><td>readTimeout</td><td>5 s</td><td>wait for an answer; above Tencent's 3 s processing time</td></tr>
 *   <tr><td>maxConnections</td><td>50</td><td>pooled keep-alive connections per data-centre domain</td></tr>
 *   <tr><td>userSigValidity</td><td>1 day</td><td>validity of the admin UserSig (Tencent advises at least 24 h);
 *       renewed when less than a fifth remains</td></tr>
 * </table>
 */
public final class TimClientConfig {

    private final int ratePerSecond;
    private final int attributeWritesPerSecond;
    private final Duration rateLimitWait;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final double backoffJitter;
    private final Duration maxBackoff;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration openStateWait;
    private final int halfOpenCalls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxConnections;
    private final Duration userSigValidity;

    private TimClientConfig(Builder b) {
        this.ratePerSecond = b.ratePerSecond;
        this.attributeWritesPerSecond = b.attributeWritesPerSecond;
        this.rateLimitWait = b.rateLimitWait;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.backoffJitter = b.backoffJitter;
        this.maxBackoff = b.maxBackoff;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumCalls = b.minimumCalls;
        this.openStateWait = b.openStateWait;
        this.halfOpenCalls = b.halfOpenCalls;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.maxConnections = b.maxConnections;
        this.userSigValidity = b.userSigValidity;
    }

    public static TimClientConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public int ratePerSecond() {
        return ratePerSecond;
    }

    public int attributeWritesPerSecond() {
        return attributeWritesPerSecond;
    }

    public Duration rateLimitWait() {
        return rateLimitWait;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    public double backoffJitter() {
        return backoffJitter;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    public int minimumCalls() {
        return minimumCalls;
    }

    public Duration openStateWait() {
        return openStateWait;
    }

    public int halfOpenCalls() {
        return halfOpenCalls;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration userSigValidity() {
        return userSigValidity;
    }

    /** Builds a {@link TimClientConfig}; {@link #build()} validates the whole. */
    public static final class Builder {
        private int ratePerSecond = 200;
        private int attributeWritesPerSecond = 5;
        private Duration rateLimitWait = Duration.ofSeconds(5);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private double backoffMultiplier = 2.0;
        private double backoffJitter = 0.5;
        private Duration maxBackoff = Duration.ofSeconds(5);
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumCalls = 10;
        private Duration openStateWait = Duration.ofSeconds(10);
        private int halfOpenCalls = 3;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private int maxConnections = 50;
        private Duration userSigValidity = Duration.ofDays(1);

        private Builder() {
        }

        private Builder(TimClientConfig c) {
            ratePerSecond = c.ratePerSecond;
            attributeWritesPerSecond = c.attributeWritesPerSecond;
            rateLimitWait = c.rateLimitWait;
            maxAttempts = c.maxAttempts;
            initialBackoff = c.initialBackoff;
            backoffMultiplier = c.backoffMultiplier;
            backoffJitter = c.backoffJitter;
            maxBackoff = c.maxBackoff;
            failureRateThreshold = c.failureRateThreshold;
            slidingWindowSize = c.slidingWindowSize;
            minimumCalls = c.minimumCalls;
            openStateWait = c.openStateWait;
            halfOpenCalls = c.halfOpenCalls;
            connectTimeout = c.connectTimeout;
            readTimeout = c.readTimeout;
            maxConnections = c.maxConnections;
            userSigValidity = c.userSigValidity;
        }

        public Builder ratePerSecond(int value) {
            ratePerSecond = value;
            return this;
        }

        public Builder attributeWritesPerSecond(int value) {
            attributeWritesPerSecond = value;
            return this;
        }

        public Builder rateLimitWait(Duration value) {
            rateLimitWait = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            initialBackoff = value;
            return this;
        }

        public Builder backoffMultiplier(double value) {
            backoffMultiplier = value;
            return this;
        }

        public Builder backoffJitter(double value) {
            backoffJitter = value;
            return this;
        }

        public Builder maxBackoff(Duration value) {
            maxBackoff = value;
            return this;
        }

        public Builder failureRateThreshold(float percent) {
            failureRateThreshold = percent;
            return this;
        }

        public Builder slidingWindowSize(int calls) {
            slidingWindowSize = calls;
            return this;
        }

        public Builder minimumCalls(int calls) {
            minimumCalls = calls;
            return this;
        }

        public Builder openStateWait(Duration value) {
            openStateWait = value;
            return this;
        }

        public Builder halfOpenCalls(int calls) {
            halfOpenCalls = calls;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder readTimeout(Duration value) {
            readTimeout = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder userSigValidity(Duration value) {
            userSigValidity = value;
            return this;
        }

        public TimClientConfig build() {
            require(ratePerSecond >= 1, "ratePerSecond must be at least 1, was " + ratePerSecond);
            require(attributeWritesPerSecond >= 1, "attributeWritesPerSecond must be at least 1, was " + attributeWritesPerSecond);
            requirePositive(rateLimitWait, "rateLimitWait", true);
            require(maxAttempts >= 1, "maxAttempts must be at least 1, was " + maxAttempts);
            requirePositive(initialBackoff, "initialBackoff", false);
            require(backoffMultiplier >= 1.0, "backoffMultiplier must be at least 1.0, was " + backoffMultiplier);
            require(backoffJitter >= 0 && backoffJitter < 1, "backoffJitter must be in [0, 1), was " + backoffJitter);
            requirePositive(maxBackoff, "maxBackoff", false);
            require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff must not be shorter than initialBackoff");
            require(failureRateThreshold > 0 && failureRateThreshold <= 100,
                    "failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
            require(slidingWindowSize >= 1, "slidingWindowSize must be at least 1");
            require(minimumCalls >= 1 && minimumCalls <= slidingWindowSize,
                    "minimumCalls must be in [1, slidingWindowSize], was " + minimumCalls);
            requirePositive(openStateWait, "openStateWait", false);
            require(halfOpenCalls >= 1, "halfOpenCalls must be at least 1");
            requirePositive(connectTimeout, "connectTimeout", false);
            requirePositive(readTimeout, "readTimeout", false);
            require(readTimeout.compareTo(Duration.ofSeconds(3)) > 0,
                    "readTimeout must exceed Tencent's 3 s processing time, was " + readTimeout);
            require(maxConnections >= 1, "maxConnections must be at least 1");
            require(userSigValidity.compareTo(Duration.ofMinutes(10)) >= 0, "userSigValidity must be at least 10 minutes");
            return new TimClientConfig(this);
        }

        private static void requirePositive(Duration value, String name, boolean zeroAllowed) {
            require(value != null && (zeroAllowed ? !value.isNegative() : value.toMillis() > 0),
                    name + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", was " + value);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
