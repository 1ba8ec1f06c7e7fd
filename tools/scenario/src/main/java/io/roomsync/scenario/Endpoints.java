package io.roomsync.scenario;

/**
 * Where the running system answers: the emulator (as Tencent and its clients), role-sync, moderation, and Kafka with
 * its schema registry (for the callback ledger).
 */
public record Endpoints(String emulator, String roleSync, String moderation, String kafka, String registry) {

    /** The ports of {@code make run}. */
    public static Endpoints local() {
        return new Endpoints("http://127.0.0.1:8090", "http://127.0.0.1:8081", "http://127.0.0.1:8082",
                "127.0.0.1:9092", "http://127.0.0.1:8088/apis/registry/v3");
    }

    String control(String path) {
        return emulator + "/emulator/" + path;
    }
}
