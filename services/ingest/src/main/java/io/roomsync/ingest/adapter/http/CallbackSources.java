package io.roomsync.ingest.adapter.http;

import java.util.List;
import java.util.Optional;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Which source addresses may send callbacks (README, "Security", the callback edge): an optional second guard besides
 * Tencent's Sign, which does not cover the body. The caller's address is the connection's peer, or, when the peer is
 * one of the {@code trustedProxies}, the nearest address in {@code X-Forwarded-For} (read right to left) that is not
 * a trusted proxy: a client can write anything into that header, so only what trusted proxies appended counts.
 * Address ranges are CIDR blocks or single addresses, IPv4 or IPv6 (Spring Security's {@link IpAddressMatcher}).
 */
public final class CallbackSources {

    /** What {@link #refused} names when a trusted proxy forwarded something that is not an address. */
    public static final String NOT_AN_ADDRESS = "(not an address, in X-Forwarded-For)";

    private final List<IpAddressMatcher> allowed;
    private final List<IpAddressMatcher> trustedProxies;

    /**
     * @param allowed        the ranges callbacks may come from; empty: every address (the check is off)
     * @param trustedProxies the ranges of proxies (load balancer, ingress controller) whose X-Forwarded-For is believed
     * @throws IllegalArgumentException when a range is not an address or CIDR block
     */
    public CallbackSources(List<String> allowed, List<String> trustedProxies) {
        this.allowed = allowed.stream().map(CallbackSources::range).toList();
        this.trustedProxies = trustedProxies.stream().map(CallbackSources::range).toList();
    }

    /** Whether the check is on (some range is configured). */
    public boolean enabled() {
        return !allowed.isEmpty();
    }

    /**
     * The refused caller's address, or empty when the callback may proceed.
     *
     * @param peer          the connection's remote address
     * @param forwardedFor  the {@code X-Forwarded-For} header (comma-separated), or null
     */
    public Optional<String> refused(String peer, String forwardedFor) {
        if (!enabled()) {
            return Optional.empty();
        }
        String caller = caller(peer, forwardedFor);
        if (caller == null) {
            return Optional.of(NOT_AN_ADDRESS);
        }
        return matches(allowed, caller) ? Optional.empty() : Optional.of(caller);
    }

    /** The caller's address as above; null when a trusted proxy forwarded something that is not an address. */
    String caller(String peer, String forwardedFor) {
        String caller = peer;
        if (forwardedFor == null || !matches(trustedProxies, peer)) {
            return caller;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            caller = hops[i].trim();
            if (!isAddress(caller)) {
                return null;
            }
            if (!matches(trustedProxies, caller)) {
                return caller;
            }
        }
        return caller;
    }

    private static boolean matches(List<IpAddressMatcher> ranges, String address) {
        if (!isAddress(address)) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.matches(address));
    }

    /** A literal IPv4 or IPv6 address (never a host name: nothing here may cause a DNS lookup). */
    private static boolean isAddress(String text) {
        return text != null && !text.isEmpty() && (text.matches("[0-9.]+") || (text.contains(":") && text.matches("[0-9a-fA-F:.]+")));
    }

    private static IpAddressMatcher range(String text) {
        String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        if (!isAddress(address)) {
            throw new IllegalArgumentException("not an address or CIDR block: " + text);
        }
        return new IpAddressMatcher(text);
    }
}
