package io.roomsync.fuzz;

import java.util.Map;

/**
 * What came back for one request.
 *
 * @param status      the HTTP status, or 0 when there was no parseable answer
 * @param headers     response headers, names lower-cased (the last value of a repeated header)
 * @param body        the body, de-chunked
 * @param elapsedNanos from the first byte sent to the last byte read
 * @param failure     why there was no answer (timeout, reset, garbage), or null
 */
public record Answer(int status, Map<String, String> headers, byte[] body, long elapsedNanos, String failure) {

    public Answer {
        headers = Map.copyOf(headers);
    }

    static Answer none(String failure, long elapsedNanos) {
        return new Answer(0, Map.of(), new byte[0], elapsedNanos, failure);
    }
}
