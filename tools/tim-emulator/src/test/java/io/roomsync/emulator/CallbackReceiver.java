package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A stand-in for ingest: records every callback (query and body) and answers what the test says. */
final class CallbackReceiver implements AutoCloseable {

    record Received(String query, JsonNode body) {
        String command() {
            return body.path("CallbackCommand").asText();
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile Function<Received, Integer> status = r -> 200;
    volatile Function<Received, String> answer = r -> "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}";
    volatile long delayMillis;
    private final HttpServer server;

    CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/callback", exchange -> {
            Received r = new Received(exchange.getRequestURI().getRawQuery(), RawTencent.json(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            received.add(r);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = answer.apply(r).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.apply(r), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    List<Received> of(String command) {
        return received.stream().filter(r -> r.command().equals(command)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
