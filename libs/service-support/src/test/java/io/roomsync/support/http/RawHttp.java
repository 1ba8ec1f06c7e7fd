package io.roomsync.support.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send as written (raw {@code %00}, {@code ..},
 * unknown transfer codings, oversized heads, bytes trickled slowly). Each request closes its connection.
 */
final class RawHttp {

    /** A parsed answer: status, the head as sent, the body. */
    record Answer(int status, String head, String body) {
        /** The value of header {@code name}, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** Sends {@code request} (request line and headers, CRLF-separated, without the final blank line) and a body. */
    Answer send(String head, String body) throws IOException {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String fullHead = head + "\r\nHost: localhost\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Length: " + bodyBytes.length + "\r\n") + "\r\n";
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bodyBytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    /** Sends {@code bytes} exactly as given. */
    Answer sendRaw(byte[] bytes) throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(-1, text, "");
        }
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        if ("chunked".equals(new Answer(0, head, "").header("Transfer-Encoding"))) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** Everything the server sends until it closes the connection. */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
