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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code /client/v1/...} the browser clients' side ({@link BrowserApi}), {@code /web/...} the web client and its demo
 * room page (development only: files of {@link #serveWebFrom the web root}), {@code /actuator/health/...} its health. Start it in a test with {@link #start(EmulatorConfig)}, or as a process
 * ({@code make run}: configured from the environment, see {@link EmulatorConfig#fromEnvironment}).
 */
public final class TimEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimEmulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK's server writes a response's headers and its body separately. Without TCP_NODELAY, Nagle's algorithm
        // holds the body back until the client acknowledges the headers, which a delayed ACK puts off by ~40 ms: every
        // call took over 30 ms, and a service making its calls one at a time measured the emulator, not itself. The
        // JDK reads the setting once, when its first server in the JVM starts (unless one's own value was given).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Callbacks callbacks;
    private final RestApi rest;
    private final ControlApi control;
    private final Faults faults = new Faults();
    private final BrowserApi browser;
    /** The directory {@code /web/} serves (clients/web), or null to serve none. */
    private volatile Path webRoot;

    private TimEmulator(EmulatorConfig config, Clock clock) throws IOException {
        this.callbacks = new Callbacks(config, clock);
        World world = new World(config, clock, callbacks);
        this.rest = new RestApi(config, world, clock);
        this.control = new ControlApi(config, world, faults, rest, callbacks);
        this.browser = new BrowserApi(config, world, clock);
        String root = System.getenv().getOrDefault("ROOMSYNC_EMULATOR_WEB_ROOT", "clients/web");
        this.webRoot = Files.isDirectory(Path.of(root)) ? Path.of(root).toAbsolutePath().normalize() : null;
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

    /**
     * Serves {@code dir} (the web client's directory, {@code clients/web}) under {@code /web/}: the demo room page at
     * {@code /web/demo/}. Default: {@code ROOMSYNC_EMULATOR_WEB_ROOT}, else {@code clients/web} of the working
     * directory when it exists. Development only: Tencent serves no pages.
     */
    public TimEmulator serveWebFrom(Path dir) {
        this.webRoot = dir.toAbsolutePath().normalize();
        return this;
    }

    /** The demo room page's URL (see {@link #serveWebFrom}). */
    public String demoPageUrl() {
        return baseUrl() + "/web/demo/";
    }

    public static void main(String[] args) {
        EmulatorConfig config = EmulatorConfig.fromEnvironment(System.getenv());
        TimEmulator emulator = start(config);
        log.info("Tencent IM emulator on {}:{}, apps {}, callbacks to {}", config.host(), emulator.port(),
                config.appIds(), config.callbackUrl() == null ? "(none)" : config.callbackUrl());
        if (emulator.webRoot != null) {
            log.info("demo room page: {}", emulator.demoPageUrl());
        }
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
            } else if (rawPath.startsWith("/client/v1/")) {
                JsonNode body = readJson(exchange);
                JsonNode reply = browser.handle(exchange.getRequestMethod(), segments(rawPath.substring(11)), query, body);
                respond(exchange, 200, JSON.writeValueAsBytes(reply));
            } else if (rawPath.startsWith("/web/") && "GET".equals(exchange.getRequestMethod())) {
                serveFile(exchange, rawPath.substring(5));
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

    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json",
            "webm", "video/webm", "mp4", "video/mp4", "png", "image/png", "svg", "image/svg+xml");

    /** A file under the web root; 404 for anything outside it or missing. A directory serves its index.html. */
    private void serveFile(HttpExchange exchange, String relative) throws IOException {
        Path root = webRoot;
        Path file = root == null ? null : root.resolve(URLDecoder.decode(relative, StandardCharsets.UTF_8)).normalize();
        if (file != null && Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        // By real paths: a symbolic link under the root must not serve a file outside it.
        if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)
                || !file.toRealPath().startsWith(root.toRealPath())) {
            respond(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String name = file.getFileName().toString();
        String type = CONTENT_TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
        byte[] bytes = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        // Byte ranges (one, "bytes=a-" or "bytes=a-b"): browsers fetch media in ranges, and cannot seek a video
        // served whole only. As RFC 9110 section 14.2: a range that cannot be read (last before first, numbers too
        // large to be a position) is ignored and the whole file served; a first position past the end is 416.
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})")
                .matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
        int from = 0;
        int to = bytes.length - 1;
        int status = 200;
        if (range.matches() && (range.group(2).isEmpty() || Long.parseLong(range.group(2)) >= Long.parseLong(range.group(1)))) {
            long first = Long.parseLong(range.group(1));
            if (first >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            from = (int) first;
            to = range.group(2).isEmpty() ? to : (int) Math.min(to, Long.parseLong(range.group(2)));
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
        }
        exchange.sendResponseHeaders(status, to - from + 1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, from, to - from + 1);
        }
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
