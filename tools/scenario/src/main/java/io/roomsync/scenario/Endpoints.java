package io.roomsync.scenario;

/** Where the running system answers: the emulator (as Tencent and its clients), role-sync and moderation. */
public record Endpoints(String emulator, String roleSync, String moderation) {

    /** The ports of {@code make run}. */
    public static Endpoints local() {
        return new Endpoints("http://127.0.0.1:8090", "http://127.0.0.1:8081", "http://127.0.0.1:8082");
    }

    String control(String path) {
        return emulator + "/emulator/" + path;
    }
}
