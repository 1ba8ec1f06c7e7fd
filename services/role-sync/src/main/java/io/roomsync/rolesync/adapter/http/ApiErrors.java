package io.roomsync.rolesync.adapter.http;

import io.roomsync.rolesync.adapter.kafka.Reconciler;
import io.roomsync.support.http.JsonApiErrors;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Clear JSON errors in the API shape {@code {"error":".."}}: 400 for what the caller sent wrong, 404 for a room
 * Tencent does not have, 503 when Kafka did not take the command or Tencent or the member state cannot answer now.
 * Whatever reaches no handler here is answered by the shared error page (libs/service-support), in the same shape.
 * Every answer here sets its content type itself, so Spring does not negotiate it against the request's
 * {@code Accept} header: an error for a client that asked for {@code text/html} is still this JSON, never a 500.
 */
@RestControllerAdvice
public class ApiErrors extends JsonApiErrors {

    @ExceptionHandler(TencentRefusal.Failed.class)
    ResponseEntity<Map<String, String>> tencent(TencentRefusal.Failed e) {
        return error(HttpStatusCode.valueOf(e.refusal().status()), e.refusal().message());
    }

    @ExceptionHandler(Reconciler.NotPublished.class)
    ResponseEntity<Map<String, String>> observationNotPublished(Reconciler.NotPublished e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    /** The member-state tables are not queryable yet (starting, rebalancing): a moment's wait, not a fault. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<Map<String, String>> stateNotReady(InvalidStateStoreException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the member state is not loaded yet; try again");
    }

    @ExceptionHandler(CommandPublisher.NotPublished.class)
    ResponseEntity<Map<String, String>> notPublished(CommandPublisher.NotPublished e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
