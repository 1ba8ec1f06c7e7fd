package io.roomsync.fuzz;

import java.util.List;

/**
 * One generated HTTP request and what is known about its right answer.
 *
 * @param index      its number in the run; with the seed it regenerates the same request
 * @param family     what it exercises: {@code callback}, {@code role-sync}, {@code policy}, {@code http} or
 *                   {@code canary}
 * @param mutation   the mutation applied, in words (the failure report groups by it)
 * @param service    the service it goes to
 * @param method     the request method as sent (may be odd: {@code TRACE}, {@code post}, {@code FOO})
 * @param target     the request target as sent, path and query, already percent-encoded as intended
 * @param headers    the headers besides {@code Host} and {@code Connection: close}; {@code Content-Length} is added
 *                   unless {@code framed}
 * @param body       the body bytes (the framed bytes when {@code framed})
 * @param framed     the body is sent as given, with the framing headers in {@code headers} (chunked, lying lengths)
 * @param expected   the documented answer when the mutation has exactly one, else null
 * @param eventId    for a callback: the id of the event it becomes if accepted ({@link io.roomsync.contract.EventIds}
 *                   over the app, the command and the body as sent); null otherwise or when it has no command
 */
public record FuzzRequest(int index, String family, String mutation, Service service, String method, String target,
                          List<Header> headers, byte[] body, boolean framed, Expected expected, String eventId) {

    /** One header line as sent. */
    public record Header(String name, String value) {
    }

    /**
     * The one right answer of a mutation whose outcome the documents fix.
     *
     * @param status    the HTTP status
     * @param errorCode Tencent-shape {@code ErrorCode} on the callback edge, or null when only the status is fixed
     * @param rule      the documented rule, quoted in a failure
     */
    public record Expected(int status, Integer errorCode, String rule) {
    }

    public FuzzRequest {
        headers = List.copyOf(headers);
    }

    /** The path of the target, without its query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Is this the callback edge, where every answer has Tencent's shape? */
    public boolean callbackEdge() {
        return service == Service.INGEST && path().equals(CALLBACK_PATH);
    }

    /** ingest's callback path (README, "ingest: the callback edge"). */
    public static final String CALLBACK_PATH = "/tencent-im/callback";
}
