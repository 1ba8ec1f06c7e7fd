package io.roomsync.teststack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts (once per JVM) the {@link TestStack} and publishes where it is as system properties
 * ({@code roomsync.kafka.bootstrap-servers}, {@code roomsync.registry.url}), which a Spring Boot test context
 * created afterwards picks up. Register it before the Spring extension.
 */
public class RoomsyncStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestStack.get().serviceProperties().forEach(System::setProperty);
    }
}
