package io.roomsync.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Serves the operator console (clients/console: static HTML, CSS and ES modules) on the loopback interface for the
 * local stack (README, "Operator console"), plus {@code /config.json}: where the console finds role-sync's and
 * moderation's APIs. It holds no token and mints none: the operator brings one. Plain JDK HTTP server, GET and HEAD
 * only, files under the console's directory only.
 *
 * <pre>java -cp local-stack.jar io.roomsync.stack.ConsoleServer DIR PORT ROLE_SYNC_URL MODERATION_URL</pre>
 */
public final class ConsoleServer {

    /** The console's port under {@code make run}: clear of the services (8080-8083, +100 per replica) and the emulator (8090). */
    public static final int DEFAULT_PORT = 8070;

    /** The kinds of file served, by extension (no JSON: the package manifest stays private; config.json is made here). */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png");

    private final HttpServer server;

    private ConsoleServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code directory} on 127.0.0.1:{@code port}, {@code /config.json} naming the two API URLs.
     *
     * @throws UncheckedIOException when the port is taken
     */
    public static ConsoleServer start(Path directory, int port, String roleSyncUrl, String moderationUrl) {
        Path root = directory.toAbsolutePath().normalize();
        byte[] config = ("{\"roleSync\":\"" + json(roleSyncUrl) + "\",\"moderation\":\"" + json(moderationUrl) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    serve(exchange, root, config);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return new ConsoleServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("the console cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    /**
     * The file a request path names under {@code root} ({@code /} is index.html), or empty when it names none or
     * would leave the directory.
     */
    static Optional<Path> file(Path root, String path) {
        String relative = path.equals("/") ? "index.html" : path.substring(1);
        if (relative.isEmpty() || relative.contains("\\") || relative.contains("\0")) {
            return Optional.empty();
        }
        Path file = root.resolve(relative).normalize();
        // Files only; never the tests or the package manifest, and nothing above the console's directory.
        if (!file.startsWith(root) || file.startsWith(root.resolve("test")) || !Files.isRegularFile(file)
                || !TYPES.containsKey(extension(file)) || !withinByRealPath(root, file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Whether {@code file} is under {@code root} once symbolic links are followed (a link must not lead outside). */
    private static boolean withinByRealPath(Path root, Path file) {
        try {
            return file.toRealPath().startsWith(root.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void serve(HttpExchange exchange, Path root, byte[] config) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = URI.create(exchange.getRequestURI().getRawPath()).getPath();
        if (path.equals("/config.json")) {
            send(exchange, 200, "application/json", config);
            return;
        }
        Optional<Path> file = file(root, path);
        if (file.isEmpty()) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, TYPES.get(extension(file.get())), Files.readAllBytes(file.get()));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        // The console is edited in place while make run serves it: always the file as it is now.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ConsoleServer DIR PORT ROLE_SYNC_URL MODERATION_URL");
            System.exit(2);
        }
        ConsoleServer console = start(Path.of(args[0]), Integer.parseInt(args[1]), args[2], args[3]);
        System.out.println("roomsync console on http://127.0.0.1:" + console.port() + "/ (role-sync " + args[2]
                + ", moderation " + args[3] + ")");
    }
}
