package io.roomsync.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where callbacks go. Tencent calls one callback URL, and in production a load balancer before ingest's replicas
 * answers it; locally the emulator stands in for that load balancer: given several URLs (comma-separated, one per
 * ingest replica), it spreads callbacks over them in turn, and a callback whose connection is refused moves on to the
 * next URL, as a load balancer moves on from a backend that is down. Thread-safe.
 */
final class CallbackTargets {

    private final List<String> urls;
    private final AtomicLong turn = new AtomicLong();

    private CallbackTargets(List<String> urls) {
        this.urls = List.copyOf(urls);
    }

    /**
     * The targets in {@code configured}: one URL, or several separated by commas (blanks around them ignored).
     *
     * @throws IllegalArgumentException if it names none
     */
    static CallbackTargets parse(String configured) {
        List<String> urls = Arrays.stream(configured.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no callback URL in '" + configured + "'");
        }
        return new CallbackTargets(urls);
    }

    /**
     * The order in which to try the targets for the next callback: every URL once, starting one further along for
     * each callback (round robin), so a refused connection falls through to the others.
     */
    List<String> nextOrder() {
        int first = (int) Math.floorMod(turn.getAndIncrement(), (long) urls.size());
        List<String> order = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            order.add(urls.get((first + i) % urls.size()));
        }
        return order;
    }
}
