package io.roomsync.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** The random choices of one request, from its own seeded source, so request n of seed s is always the same. */
final class Pick {

    private final SplittableRandom random;

    Pick(long seed, int index) {
        // Each request its own stream: a request regenerates alone (replay), whatever came before it.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    long anyLong() {
        return random.nextLong();
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T one(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    @SafeVarargs
    final <T> T one(T... options) {
        return options[random.nextInt(options.length)];
    }
}
