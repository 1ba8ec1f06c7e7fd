package io.roomsync.rolesync.adapter.http;

import io.roomsync.rolesync.adapter.kafka.Reconciler;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Clear JSON errors in the API shape {@code {"error":".."}}: 400 for what the caller sent wrong, 404 for a room
 * Tencent does not have, 503 when Kafka did not take the command or Tencent or the member state cannot answer now.
 * Whatever reaches no handler here is answered by the shared error page (libs/service-support), in the same shape.
 */
@RestControllerAdvice
public class ApiErrors {

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, String>> badRequest(BadRequest e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "the body is not valid JSON of the expected shape"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getName() + " has the wrong type"));
    }

    @ExceptionHandler(TencentRefusal.Failed.class)
    ResponseEntity<Map<String, String>> tencent(TencentRefusal.Failed e) {
        return ResponseEntity.status(e.refusal().status()).body(Map.of("error", e.refusal().message()));
    }

    @ExceptionHandler(Reconciler.NotPublished.class)
    ResponseEntity<Map<String, String>> observationNotPublished(Reconciler.NotPublished e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }

    /** The member-state tables are not queryable yet (starting, rebalancing): a moment's wait, not a fault. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<Map<String, String>> stateNotReady(InvalidStateStoreException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "the member state is not loaded yet; try again"));
    }

    @ExceptionHandler(CommandPublisher.NotPublished.class)
    ResponseEntity<Map<String, String>> notPublished(CommandPublisher.NotPublished e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }
}
