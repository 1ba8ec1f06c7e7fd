package io.roomsync.security.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What a service's HTTP port serves and the scope each route needs (README, "Security"). Each service declares one
 * bean of this type; {@link ApiSecurityAutoConfiguration} turns it into Spring Security's rules. A path no route
 * names needs a valid token with any scope ({@link #othersNeedToken}) or none at all (ingest, whose callback edge is
 * checked by Tencent's Sign instead).
 *
 * @param routes          the routes, first match wins
 * @param othersNeedToken whether a request no route names needs a valid token
 */
public record ApiRoutes(List<Route> routes, boolean othersNeedToken) {

    /**
     * One route.
     *
     * @param method  the HTTP method
     * @param pattern a Spring path pattern, e.g. {@code /v1/rooms/{room}/members/{user}/mute}
     * @param scope   the scope a token needs (an {@link io.roomsync.security.ApiScope}), or null: open to anyone
     */
    public record Route(HttpMethod method, String pattern, String scope) {

        /**
         * The requests of this route: a GET route's HEAD requests too, which Spring MVC serves with the GET handler
         * (matched by method alone, a HEAD would fall through to "any valid token" and answer without the scope).
         */
        List<RequestMatcher> matchers() {
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            return HttpMethod.GET.equals(method) ? List.of(paths.matcher(method, pattern), paths.matcher(HttpMethod.HEAD, pattern))
                    : List.of(paths.matcher(method, pattern));
        }
    }

    public ApiRoutes {
        routes = List.copyOf(routes);
    }

    /** Routes of an API: every other path needs a valid token. */
    public static Builder api() {
        return new Builder(true);
    }

    /** Routes of a port that is not an API (ingest): every other path is open. */
    public static Builder open() {
        return new Builder(false);
    }

    /** The scope the route matching {@code request} needs, if a route with a scope matches. */
    public Optional<String> scopeFor(HttpServletRequest request) {
        for (Route route : routes) {
            if (route.matchers().stream().anyMatch(matcher -> matcher.matches(request))) {
                return Optional.ofNullable(route.scope());
            }
        }
        return Optional.empty();
    }

    /** Builds {@link ApiRoutes}. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final boolean othersNeedToken;

        private Builder(boolean othersNeedToken) {
            this.othersNeedToken = othersNeedToken;
        }

        /** {@code method pattern} needs {@code scope}. */
        public Builder route(HttpMethod method, String pattern, String scope) {
            routes.add(new Route(method, pattern, scope));
            return this;
        }

        /** {@code method pattern} is open to anyone (a document, not an action). */
        public Builder openRoute(HttpMethod method, String pattern) {
            routes.add(new Route(method, pattern, null));
            return this;
        }

        public ApiRoutes build() {
            return new ApiRoutes(routes, othersNeedToken);
        }
    }
}
