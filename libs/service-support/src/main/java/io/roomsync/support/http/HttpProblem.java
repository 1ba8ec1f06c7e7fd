package io.roomsync.support.http;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.apache.kafka.common.KafkaException;

/**
 * One refusal or failure of a roomsync HTTP port, before it is rendered in the service's {@link ErrorShape}:
 * the HTTP status, a stable kebab-case reason and a sentence for people. The catalogue below covers what the
 * container (Tomcat and Spring MVC) answers on its own: a path nothing serves, a wrong method or media type, a URI
 * or header Tomcat refuses, a body that arrived too slowly, a failure nobody handled. Details never echo the
 * request and never carry an exception's text, so no input and no stack trace reaches a body.
 *
 * @param status HTTP status, 400-599
 * @param reason stable kebab-case tag, e.g. {@code not-found}
 * @param detail one sentence for the caller
 */
public record HttpProblem(int status, String reason, String detail) {

    /**
     * What the container's {@code status} means for the caller. Statuses Tomcat uses for input it cannot take (501
     * for an unknown transfer coding such as {@code gzip, chunked}, 505 for an HTTP version) are the client's fault
     * and become 400, so no client input is answered 5xx.
     */
    public static HttpProblem forStatus(int status) {
        return switch (status) {
            case 400, 501, 505 -> new HttpProblem(400, "bad-request",
                    "the request line, URI, parameters, headers or body are malformed");
            case 401 -> new HttpProblem(401, "unauthorized", "credentials are missing or wrong");
            case 403 -> new HttpProblem(403, "forbidden", "this request is not allowed");
            case 404 -> new HttpProblem(404, "not-found", "nothing is served at this path");
            case 405 -> new HttpProblem(405, "method-not-allowed", "this method is not allowed here; see the Allow header");
            case 406 -> new HttpProblem(406, "not-acceptable", "this resource answers application/json only");
            case 408 -> new HttpProblem(408, "request-timeout", "the request was not received in time");
            case 411 -> new HttpProblem(411, "length-required", "the body needs a Content-Length");
            case 413 -> new HttpProblem(413, "body-too-large", "the body is larger than this service accepts");
            case 414 -> new HttpProblem(414, "uri-too-long", "the request URI is longer than this service accepts");
            case 415 -> new HttpProblem(415, "unsupported-media-type", "the body's Content-Type is not accepted here");
            case 431 -> new HttpProblem(431, "headers-too-large", "the request headers are larger than this service accepts");
            case 503 -> new HttpProblem(503, "unavailable", "the service cannot answer now; try again");
            default -> status >= 500
                    ? new HttpProblem(500, "internal-error", "the service failed to answer this request")
                    : new HttpProblem(status, "client-error", "the request is refused");
        };
    }

    /**
     * What a request that ended with {@code status} and {@code failure} (may be null) means: a body the client sent
     * too slowly is 408, a body Tomcat could not read (broken chunked framing, a cut connection) 400, Kafka failing
     * (no answer in time, a store not yet queryable) 503; anything else as {@link #forStatus}.
     */
    public static HttpProblem forFailure(int status, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyDeadlineFilter.BodyTooSlow) {
                return forStatus(408);
            }
            if (cause instanceof BadRequestException || cause instanceof java.io.EOFException
                    || cause instanceof ClientAbortException) {
                return forStatus(400);
            }
            if (cause instanceof KafkaException) {
                // Kafka not answering, or a Kafka Streams store not queryable yet (InvalidStateStoreException)
                return forStatus(503);
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return forStatus(status);
    }
}
