package io.roomsync.support;

import com.sun.net.httpserver.HttpServer;
import io.roomsync.contract.member.MemberCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A registry stand-in on 127.0.0.1 for the serde's read path: {@code GET /ids/contentIds/{id}} answers the
 * MemberCommand schema, {@code .../references} an empty list, while {@link #status} is 200; any other status is
 * answered with a problem body of that status.
 */
final class StubRegistry implements AutoCloseable {

    volatile int status = 200;
    private final HttpServer server;

    StubRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            int answer = status;
            String body = answer != 200 ? "{\"status\":" + answer + ",\"title\":\"stub\"}"
                    : exchange.getRequestURI().getPath().endsWith("/references") ? "[]"
                    : MemberCommand.getClassSchema().toString();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(answer, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
