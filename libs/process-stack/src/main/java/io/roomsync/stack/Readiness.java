package io.roomsync.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** How the stack tells that a process it started is ready to serve. */
@FunctionalInterface
public interface Readiness {

    boolean isReady();

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Ready when a GET of {@code url} answers 200. */
    static Readiness httpOk(String url) {
        return new Readiness() {
            @Override
            public boolean isReady() {
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
                    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public String toString() {
                return "GET " + url + " == 200";
            }
        };
    }

    /**
     * Ready when {@code logFile}, read from byte {@code fromOffset} on (so a line of an earlier run in the same log
     * does not count), contains {@code marker} and {@code port} accepts connections.
     */
    static Readiness logLineAndPort(Path logFile, long fromOffset, String marker, int port) {
        return new Readiness() {
            @Override
            public boolean isReady() {
                return logContains(logFile, fromOffset, marker) && portOpen(port);
            }

            @Override
            public String toString() {
                return "'" + marker + "' in " + logFile.getFileName() + " and port " + port + " open";
            }
        };
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean logContains(Path logFile, long fromOffset, String marker) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            channel.position(fromOffset);
            String tail = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return tail.contains(marker);
        } catch (IOException e) {
            return false;
        }
    }
}
