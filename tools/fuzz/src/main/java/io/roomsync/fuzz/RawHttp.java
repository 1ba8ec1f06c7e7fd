package io.roomsync.fuzz;

import java.io.ByteArrayOutputStream;
import io.roomsync.security.DevTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so a request can be sent
 * exactly as generated: odd methods and targets that {@link java.net.http.HttpClient} refuses to build, repeated or
 * contradictory framing headers, broken chunked bodies. A framed request half-closes its side after the body, so a
 * server waiting for more bytes sees the end instead of waiting forever.
 */
public final class RawHttp {

    private final String host;
    private final Duration timeout;

    /**
     * @param host    where the services listen
     * @param timeout longest wait for the whole answer; past it the request has no answer
     */
    public RawHttp(String host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
    }

    public Answer send(FuzzRequest request, int port) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 5000));
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(request, port));
                out.write(request.body());
                out.flush();
                if (request.framed()) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // A server may answer and close before reading it all (headers too large): its answer still counts.
            }
            byte[] raw = readAll(socket.getInputStream(), started);
            return parse(raw, System.nanoTime() - started);
        } catch (SocketTimeoutException e) {
            return Answer.none("no answer within " + timeout.toSeconds() + " s", System.nanoTime() - started);
        } catch (IOException e) {
            return Answer.none(e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - started);
        }
    }

    private static byte[] head(FuzzRequest request, int port) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        head.append("Connection: close\r\n");
        if (request.service() != Service.INGEST) {
            // The APIs' requests are fuzzed past authentication: a valid development token with every scope.
            head.append("Authorization: ").append(DevTokens.authorization()).append("\r\n");
        }
        for (FuzzRequest.Header header : request.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (!request.framed()) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        // ISO-8859-1 keeps every char below 256 as one byte: header values may carry raw non-ASCII bytes on purpose.
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] readAll(InputStream in, long started) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            all.write(buffer, 0, read);
            if (System.nanoTime() - started > timeout.toNanos()) {
                throw new SocketTimeoutException("answer not complete in time");
            }
        }
        return all.toByteArray();
    }

    /** The final answer in {@code raw}: interim 1xx answers skipped, the body de-chunked. */
    static Answer parse(byte[] raw, long elapsedNanos) {
        int start = 0;
        while (true) {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (end < 0) {
                return Answer.none(raw.length == 0 ? "connection closed without an answer"
                        : "no complete HTTP head in " + raw.length + " bytes", elapsedNanos);
            }
            String[] lines = new String(raw, start, end - start, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (RuntimeException e) {
                return Answer.none("not an HTTP status line: " + lines[0], elapsedNanos);
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            int bodyStart = end + 4;
            if (status / 100 == 1) {
                start = bodyStart;
                continue;
            }
            byte[] rest = java.util.Arrays.copyOfRange(raw, bodyStart, raw.length);
            byte[] body;
            if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = dechunk(rest);
            } else if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                body = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
            } else {
                body = rest;
            }
            return new Answer(status, headers, body, elapsedNanos, null);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                break;
            }
            int from = lineEnd + 2;
            body.write(chunked, from, Math.min(size, chunked.length - from));
            at = from + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
