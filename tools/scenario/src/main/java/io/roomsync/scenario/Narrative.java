package io.roomsync.scenario;

import java.util.Collection;
import java.util.stream.Collectors;

/** How the scenario's story names people: a room of 2,000 viewers must not print hundreds of ids on one line. */
final class Narrative {

    /** At most this many names are printed; the rest are counted. */
    static final int SHOWN = 5;

    private Narrative() {
    }

    /**
     * {@code [a, b]} for up to {@link #SHOWN} names, {@code [a, b, c, d, e] and 7 more} beyond, in the collection's
     * order.
     */
    static String names(Collection<String> names) {
        String shown = names.stream().limit(SHOWN).collect(Collectors.joining(", ", "[", "]"));
        return names.size() <= SHOWN ? shown : shown + " and " + (names.size() - SHOWN) + " more";
    }
}
