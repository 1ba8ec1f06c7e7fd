package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tencent IM emulator: {@code /v4/...} is Tencent's REST API, {@code /emulator/...} the control API,
 * {@code /actuator/health/...} its health. Start it in a test with {@link #start(EmulatorConfig)}, or as a process
 * ({@code make run}: configured from the environment, see {@link EmulatorConfig#fromEnvironment}).
 */
public final class TimEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimEmulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Callbacks callbacks;
    private final RestApi rest;
    private final ControlApi control;
    private final Faults faults = new Faults();

    private TimEmulator(EmulatorConfig config, Clock clock) throws IOException {
        this.callbacks = new Callbacks(config, clock);
        World world = new World(config, clock, callbacks);
        this.rest = new RestApi(config, world, clock);
        this.control = new ControlApi(config, world, faults, rest, callbacks);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        // Enough threads for injected timeouts to hold some while others are served.
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread thread = new Thread(r, "emulator-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public static TimEmulator start(EmulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** With a clock of the test's choosing (rates per second, mute and ban expiry, UserSig validity). */
    static TimEmulator start(EmulatorConfig config, Clock clock) {
        try {
            TimEmulator emulator = new TimEmulator(config, clock);
            emulator.server.start();
            return emulator;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the emulator on " + config.host() + ":" + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL, the Tencent domain to configure in clients: {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public static void main(String[] args) {
        EmulatorConfig config = EmulatorConfig.fromEnvironment(System.getenv());
        TimEmulator emulator = start(config);
        log.info("Tencent IM emulator on {}:{}, apps {}, callbacks to {}", config.host(), emulator.port(),
                config.appIds(), config.callbackUrl() == null ? "(none)" : config.callbackUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (rawPath.startsWith("/v4/")) {
                serveRest(exchange, rawPath, query);
            } else if (rawPath.startsWith("/emulator/")) {
                JsonNode body = readJson(exchange);
                ControlApi.Reply reply = control.handle(exchange.getRequestMethod(), segments(rawPath.substring(10)), query, body);
                respond(exchange, reply.status(), JSON.writeValueAsBytes(reply.body()));
            } else if (rawPath.startsWith("/actuator/health") || rawPath.equals("/health")) {
                respond(exchange, 200, UP);
            } else {
                respond(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            log.warn("emulator failed to serve {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void serveRest(HttpExchange exchange, String rawPath, Map<String, String> query) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"POST only\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<String> parts = segments(rawPath.substring(4));
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (parts.size() != 2) {
            respond(exchange, 200, error(10003, "unknown command " + rawPath));
            return;
        }
        String command = parts.get(1);
        Faults.Fault fault = faults.of(command);
        if (fault != null && fault.groupId() != null && !fault.appliesTo(groupIdOf(body))) {
            fault = null;
        }
        Faults.Action action = Faults.roll(fault);
        if (fault != null && fault.latencyMillis() > 0) {
            sleep(fault.latencyMillis());
        }
        switch (action) {
            case DROP -> {
                // No answer at all: the connection closes without a response.
                rest.count(command, "dropped");
                return;
            }
            case ERROR -> {
                rest.count(command, Integer.toString(fault.errorCode()));
                respond(exchange, 200, error(fault.errorCode(), "injected fault"));
                return;
            }
            default -> {
            }
        }
        byte[] answer = JSON.writeValueAsBytes(rest.handle(parts.get(0), command, query, body));
        if (action == Faults.Action.TIMEOUT) {
            // Applied, but the answer comes after the client stopped waiting: a retry must not double it.
            rest.count(command, "timed-out");
            sleep(fault.timeoutMillis());
        }
        respond(exchange, 200, answer);
    }

    /** The GroupId a REST call names (null when its body has none or is not JSON). */
    private static String groupIdOf(byte[] body) {
        try {
            return JSON.readTree(body).path("GroupId").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] error(int code, String info) {
        return JSON.createObjectNode().put("ActionStatus", "FAIL").put("ErrorCode", code).put("ErrorInfo", info)
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every After-callback fired so far was delivered (or failed). */
    public void drainCallbacks() {
        callbacks.drain(java.time.Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        callbacks.close();
    }
}
