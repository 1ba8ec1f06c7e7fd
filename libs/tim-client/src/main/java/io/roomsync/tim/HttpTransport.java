package io.roomsync.tim;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * POSTs JSON to Tencent with Micronaut's HTTP client, without blocking: one client (with its bounded pool of
 * keep-alive connections, {@link TimClientConfig#maxConnections()}) per data-centre domain, created on first use.
 * Anything that is not an HTTP 200 with a body (connection refused, read timeout, a 5xx from a proxy) is a
 * {@link TransportFailure}: Tencent answers every logical outcome with 200.
 */
final class HttpTransport implements AutoCloseable {

    /** No usable answer from Tencent; retryable. */
    static final class TransportFailure extends IOException {
        TransportFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final TimClientConfig config;
    private final Map<URI, HttpClient> clients = new ConcurrentHashMap<>();

    HttpTransport(TimClientConfig config) {
        this.config = config;
    }

    /**
     * Sends the request and returns at once. The future completes, on one of Micronaut's event-loop threads, with the
     * answer's body, or exceptionally with a {@link TransportFailure}; it never completes with anything else.
     */
    CompletableFuture<String> postAsync(URI domain, String pathAndQuery, String jsonBody) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try {
            HttpClient client = clients.computeIfAbsent(domain, this::create);
            client.retrieve(HttpRequest.POST("/" + pathAndQuery, jsonBody).contentType(MediaType.APPLICATION_JSON_TYPE),
                    String.class).subscribe(new SingleAnswer(domain, answer));
        } catch (RuntimeException e) {
            answer.completeExceptionally(failure(e));
        }
        return answer;
    }

    /** The one body a {@code retrieve} publishes, into a future (Reactor is not on the compile classpath). */
    private static final class SingleAnswer implements Subscriber<String> {
        private final URI domain;
        private final CompletableFuture<String> answer;

        SingleAnswer(URI domain, CompletableFuture<String> answer) {
            this.domain = domain;
            this.answer = answer;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        public void onNext(String body) {
            if (body == null || body.isBlank()) {
                answer.completeExceptionally(new TransportFailure("empty answer from " + domain, null));
            } else {
                answer.complete(body);
            }
        }

        @Override
        public void onError(Throwable error) {
            answer.completeExceptionally(failure(error));
        }

        @Override
        public void onComplete() {
            // After onNext this changes nothing; without it the answer had no body.
            answer.completeExceptionally(new TransportFailure("empty answer from " + domain, null));
        }
    }

    private static TransportFailure failure(Throwable error) {
        if (error instanceof TransportFailure failure) {
            return failure;
        }
        // HttpClientException covers timeouts, refused connections and non-2xx answers; anything else the client
        // reports is no usable answer all the same.
        String kind = error instanceof HttpClientException ? "" : "unexpected ";
        return new TransportFailure(kind + error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }

    private HttpClient create(URI domain) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(config.connectTimeout());
        configuration.setReadTimeout(config.readTimeout());
        configuration.getConnectionPoolConfiguration().setEnabled(true);
        configuration.getConnectionPoolConfiguration().setMaxConcurrentHttp1Connections(config.maxConnections());
        try {
            return HttpClient.create(domain.toURL(), configuration);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
