package io.roomsync.stack;

import java.nio.file.Path;

/** The java binary of the running JVM: every process of the stack runs on the same JDK as whoever started it. */
final class Java {
    private Java() {
    }

    static String binary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
