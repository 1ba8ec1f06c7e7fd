package io.roomsync.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP itself, on every service's port: wrong methods on real paths, odd media types and {@code Accept}, odd paths
 * (encoded separators and NULs, dot segments, matrix parameters, over-long, the error page), and framing a server
 * must refuse cleanly. Whatever the request, the answer is the service's documented JSON shape and never a 5xx.
 */
final class HttpFuzz {

    private final String prefix;

    HttpFuzz(String prefix) {
        this.prefix = prefix;
    }

    /** A path of {@code service}'s API, for wrong methods and odd headers (notice-dispatch has none: one it does not serve). */
    private String realPath(Service service, Pick pick) {
        return switch (service) {
            case INGEST -> FuzzRequest.CALLBACK_PATH;
            case ROLE_SYNC -> pick.one("/v1/rooms/" + prefix + "-m0/reconcile", "/v1/rooms/" + prefix + "-m0/members/u1/mute",
                    "/v1/rooms/" + prefix + "-m0/members");
            case MODERATION -> pick.one("/v1/policies/" + prefix + "-p0", "/v1/rooms/" + prefix + "-p0/decisions");
            case NOTICE_DISPATCH -> "/v1/notices";
        };
    }

    FuzzRequest generate(int index, Pick pick) {
        Service service = pick.one(Service.values());
        List<FuzzRequest.Header> headers = new ArrayList<>();
        String method = "GET";
        String path;
        byte[] body = new byte[0];
        boolean framed = false;
        String mutation;
        switch (pick.below(5)) {
            case 0 -> {
                path = realPath(service, pick);
                method = pick.one("GET", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "FOO", "post", "CONNECT");
                mutation = "method " + method + " on a real path";
            }
            case 1 -> {
                path = pick.one("/error", "/", "/nope", "/%2F", "/%5C", "/%00", "/tencent-im%2Fcallback", "//tencent-im/callback",
                        "/tencent-im/callback/", "/tencent-im/callback;a=b", "/v1/../actuator/env", "/%ZZ", "/%C0%AF",
                        "/" + "a".repeat(10000), "/v1/rooms/" + prefix + "-m0/members/u1/mute/extra",
                        "/v1/policies/" + prefix + "-p0/%2e%2e/%2e%2e/actuator", "/\u00e9", "*");
                method = pick.one("GET", "POST");
                mutation = method + " an odd path";
            }
            case 2 -> {
                path = realPath(service, pick);
                method = service == Service.MODERATION ? "PUT" : "POST";
                body = "{\"bannedTerms\":[\"x\"]}".getBytes(StandardCharsets.UTF_8);
                String[] header = pick.one(new String[] {"Content-Type", "application/xml"}, new String[] {"Content-Type", "text/plain"},
                        new String[] {"Accept", "application/xml"}, new String[] {"Accept", "text/html"},
                        new String[] {"Content-Type", "application/json; charset=ISO-8859-1"}, new String[] {"X-Long", "x".repeat(20000)});
                headers.add(new FuzzRequest.Header(header[0], header[1]));
                mutation = "header " + header[0] + ": " + Printable.cut(header[1], 60);
            }
            case 3 -> {
                path = realPath(service, pick);
                method = "POST";
                for (int i = 0; i < 300; i++) {
                    headers.add(new FuzzRequest.Header("X-Many-" + i, "v"));
                }
                mutation = "300 headers";
            }
            default -> {
                path = realPath(service, pick);
                method = service == Service.MODERATION ? "PUT" : "POST";
                framed = true;
                String[] framing = pick.one(new String[] {"Transfer-Encoding", "gzip, chunked", "5\r\n{\"a\":\r\n0\r\n\r\n"},
                        new String[] {"Transfer-Encoding", "chunked", "zz\r\n{}\r\n0\r\n\r\n"},
                        new String[] {"Transfer-Encoding", "chunked", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"},
                        new String[] {"Content-Length", "-1", "{}"}, new String[] {"Content-Length", "1, 2", "{}"},
                        new String[] {"Content-Length", "99999999999999999999", "{}"});
                headers.add(new FuzzRequest.Header("Content-Type", "application/json"));
                headers.add(new FuzzRequest.Header(framing[0], framing[1]));
                body = framing[2].getBytes(StandardCharsets.US_ASCII);
                mutation = "framing " + framing[0] + ": " + framing[1] + " with " + Printable.cut(framing[2], 60);
            }
        }
        return new FuzzRequest(index, "http", service.id() + ": " + mutation, service, method, path, headers, body, framed, null, null);
    }
}
