package io.roomsync.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The run's requests, seeded: request {@code n} of seed {@code s} is always the same mutation (its RequestTime and
 * Sign are of the moment it is made, so it still reaches the body checks). Of every hundred, about 55 are callbacks,
 * 15 role-sync requests, 15 policy PUTs and 15 HTTP oddities.
 */
public final class Generator {

    private final long seed;
    private final String prefix;
    private final CallbackFuzz callbacks;
    private final ApiFuzz apis;
    private final HttpFuzz http;

    /**
     * @param seed       the run's seed
     * @param target     the app and token callbacks are signed with
     * @param nowSeconds the clock RequestTime is read from (epoch seconds)
     */
    public Generator(long seed, FuzzTarget target, LongSupplier nowSeconds) {
        ObjectMapper json = new ObjectMapper();
        this.seed = seed;
        this.prefix = roomPrefix(seed);
        this.callbacks = new CallbackFuzz(json, target, verdictRooms(seed), nowSeconds);
        this.apis = new ApiFuzz(json, prefix, target.sdkAppId(), verdictRooms(seed));
        this.http = new HttpFuzz(prefix);
    }

    /** Every room a run of {@code seed} names starts with this: {@code fz<seed>}. */
    public static String roomPrefix(long seed) {
        return "fz" + seed;
    }

    /** The rooms the run's callbacks go to, whose policies the run sets first so Before-send verdicts are judged. */
    public static List<String> verdictRooms(long seed) {
        return List.of(roomPrefix(seed) + "-r0", roomPrefix(seed) + "-r1", roomPrefix(seed) + "-r2", roomPrefix(seed) + "-r3");
    }

    public FuzzRequest generate(int index) {
        Pick pick = new Pick(seed, index);
        int family = pick.below(100);
        if (family < 55) {
            return callbacks.generate(index, pick);
        }
        if (family < 70) {
            return apis.roleSync(index, pick);
        }
        if (family < 85) {
            return apis.policy(index, pick);
        }
        return http.generate(index, pick);
    }

    /** A Before-send callback for {@code room} with {@code text}, signed now. */
    public FuzzRequest beforeSend(int index, String room, String text) {
        return callbacks.beforeSend(index, room, text);
    }

    String prefix() {
        return prefix;
    }
}
