package io.roomsync.notices.adapter.http;

import io.roomsync.support.http.JsonApiErrors;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Clear JSON errors in the API shape {@code {"error":".."}} (as role-sync's): 400 for what the caller sent wrong, 503
 * when Kafka did not take a change or the programme store is not loaded yet. Every answer sets its content type
 * itself, so an error for a client that asked for {@code text/html} is still this JSON.
 */
@RestControllerAdvice
public class ApiErrors extends JsonApiErrors {

    /** Kafka did not take the change: nothing was changed. */
    public static class NotPublished extends RuntimeException {
        NotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @ExceptionHandler(NotPublished.class)
    ResponseEntity<Map<String, String>> notPublished(NotPublished e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    /** The programme store is not queryable yet (starting, rebalancing): a moment's wait, not a fault. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<Map<String, String>> stateNotReady(InvalidStateStoreException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the programmes are not loaded yet; try again");
    }
}
