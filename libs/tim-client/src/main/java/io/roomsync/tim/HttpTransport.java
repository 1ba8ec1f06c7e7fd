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
import java.util.concurrent.ConcurrentHashMap;

/**
 * POSTs JSON to Tencent with Micronaut's HTTP client: one client (with its pool of keep-alive connections) per
 * data-centre domain, created on first use. Anything that is not an HTTP 200 with a body (connection refused, read
 * timeout, a 5xx from a proxy) is a {@link TransportFailure}: Tencent answers every logical outcome with 200.
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

    String post(URI domain, String pathAndQuery, String jsonBody) throws TransportFailure {
        HttpClient client = clients.computeIfAbsent(domain, this::create);
        try {
            String body = client.toBlocking().retrieve(
                    HttpRequest.POST("/" + pathAndQuery, jsonBody).contentType(MediaType.APPLICATION_JSON_TYPE),
                    String.class);
            if (body == null || body.isBlank()) {
                throw new TransportFailure("empty answer from " + domain, null);
            }
            return body;
        } catch (HttpClientException e) {
            throw new TransportFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
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
