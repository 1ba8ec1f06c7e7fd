package io.roomsync.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the emulator behaves. From the environment ({@link #fromEnvironment}) with the development defaults shared by
 * every roomsync service, so {@code make run} needs no setting.
 *
 * @param host               address to listen on (127.0.0.1 by default; 0.0.0.0 in a container)
 * @param port               HTTP port (0: any free port)
 * @param apps               each IM app: its secret key and its app admin identifiers
 * @param callbackUrl        where callbacks go (null: none are sent); several URLs separated by commas stand for a load
 *                           balancer before ingest's replicas: callbacks spread over them, a refused one tries the next
 * @param callbackToken      callback authentication token (empty: unsigned)
 * @param callbackTimeout    Tencent's 2 s
 * @param beforeCallbackDeliversOnFailure Tencent's default console policy: a Before-callback that fails or times out
 *                           lets the message through; false is the "don't deliver" policy (sender gets 80003)
 * @param apiRatePerSecond   calls per second per API and app before 60007 (Tencent: 200)
 * @param appRatePerSecond   calls per second per app over all APIs before 60011 (0: no app-wide limit)
 * @param roomMessagesPerSecond messages a live room carries per second (Tencent: 40)
 * @param banFiresExitCallback whether a ban fires Group.CallbackAfterMemberExit (ExitType Kicked); unconfirmed at
 *                           Tencent, on by default because a ban removes the member from the room
 */
public record EmulatorConfig(String host, int port, Map<Long, App> apps, String callbackUrl, String callbackToken,
                             Duration callbackTimeout, boolean beforeCallbackDeliversOnFailure, int apiRatePerSecond,
                             int appRatePerSecond, int roomMessagesPerSecond, boolean banFiresExitCallback) {

    public static final long DEV_APP = 1400000000L;
    public static final String DEV_SECRET_KEY = "ba136a479680746a60a10f986c0adefe23821082da24e74bb2697fe54bcbb1fe";
    public static final String DEV_CALLBACK_TOKEN = "dev-callback-token";

    /** An IM app: its secret key, and which identifiers are its app admins (Tencent allows a few). */
    public record App(long sdkAppId, String secretKey, Set<String> admins) {
    }

    /** The development app of roomsync's dev profile, callbacks to {@code callbackUrl}. */
    public static EmulatorConfig dev(int port, String callbackUrl) {
        return new EmulatorConfig("127.0.0.1", port, Map.of(DEV_APP, new App(DEV_APP, DEV_SECRET_KEY, Set.of("administrator"))),
                callbackUrl, DEV_CALLBACK_TOKEN, Duration.ofSeconds(2), true, 200, 0, 40, true);
    }

    public EmulatorConfig withCallbackUrl(String url) {
        return new EmulatorConfig(host, port, apps, url, callbackToken, callbackTimeout, beforeCallbackDeliversOnFailure,
                apiRatePerSecond, appRatePerSecond, roomMessagesPerSecond, banFiresExitCallback);
    }

    /**
     * {@code ROOMSYNC_EMULATOR_HOST} (127.0.0.1), {@code ROOMSYNC_EMULATOR_PORT} (8090), {@code ROOMSYNC_IM_SDK_APP_ID}, {@code ROOMSYNC_IM_SECRET_KEY},
     * {@code ROOMSYNC_IM_ADMIN_IDENTIFIER}, {@code ROOMSYNC_IM_CALLBACK_TOKEN} (the dev values by default),
     * {@code ROOMSYNC_EMULATOR_CALLBACK_URL} (none; comma-separated for several ingest replicas), {@code ROOMSYNC_EMULATOR_API_RATE} (200),
     * {@code ROOMSYNC_EMULATOR_ROOM_RATE} (40).
     */
    public static EmulatorConfig fromEnvironment(Map<String, String> env) {
        long app = Long.parseLong(env.getOrDefault("ROOMSYNC_IM_SDK_APP_ID", Long.toString(DEV_APP)));
        String key = env.getOrDefault("ROOMSYNC_IM_SECRET_KEY", DEV_SECRET_KEY);
        String admin = env.getOrDefault("ROOMSYNC_IM_ADMIN_IDENTIFIER", "administrator");
        return new EmulatorConfig(
                env.getOrDefault("ROOMSYNC_EMULATOR_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("ROOMSYNC_EMULATOR_PORT", env.getOrDefault("SERVER_PORT", "8090"))),
                Map.of(app, new App(app, key, Set.of(admin))),
                env.get("ROOMSYNC_EMULATOR_CALLBACK_URL"),
                env.getOrDefault("ROOMSYNC_IM_CALLBACK_TOKEN", DEV_CALLBACK_TOKEN),
                Duration.ofSeconds(2), true,
                Integer.parseInt(env.getOrDefault("ROOMSYNC_EMULATOR_API_RATE", "200")), 0,
                Integer.parseInt(env.getOrDefault("ROOMSYNC_EMULATOR_ROOM_RATE", "40")), true);
    }

    List<Long> appIds() {
        return List.copyOf(apps.keySet());
    }
}
