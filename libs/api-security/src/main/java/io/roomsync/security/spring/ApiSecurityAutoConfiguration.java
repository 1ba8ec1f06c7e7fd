package io.roomsync.security.spring;

import com.nimbusds.jose.jwk.RSAKey;
import io.roomsync.support.http.HttpEdgeProperties;
import jakarta.servlet.DispatcherType;
import java.text.ParseException;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Bearer tokens on every roomsync HTTP port (README, "Security"): Spring Security's OAuth2 resource server checks
 * each request's JWT (signature by the issuer's keys, {@link TokenValidators}), the service's {@link ApiRoutes} say
 * which scope each route needs, and {@link AuthenticationErrors} answers 401/403 in the port's error shape. The
 * management port shares the chain: liveness, readiness and Prometheus are open, health details need a valid token
 * ({@code management.endpoint.health.show-details: when-authorized}), nothing else is exposed.
 * Active in a servlet service that brings spring-boot-starter-security-oauth2-resource-server and an {@link ApiRoutes}
 * bean. Outside the dev profile the token settings are required ({@link ApiSecurityProperties#requireComplete}).
 */
@AutoConfiguration(
        after = io.roomsync.support.http.RoomsyncHttpAutoConfiguration.class,
        beforeName = {
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class, NimbusJwtDecoder.class})
@EnableConfigurationProperties({ApiSecurityProperties.class, ApiCorsProperties.class})
public class ApiSecurityAutoConfiguration {

    /** The management endpoints open without a token; a valid token adds health details. */
    static final String[] OPEN_MANAGEMENT = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    /**
     * Checks signature and claims. Refuses to start without the settings; only the dev profile has defaults for them
     * (roomsync-defaults-dev.yml: the development key of {@link io.roomsync.security.DevTokens}).
     */
    @Bean
    JwtDecoder roomsyncJwtDecoder(ApiSecurityProperties properties) {
        properties.requireComplete();
        NimbusJwtDecoder decoder;
        if (properties.hasJwkSetUri()) {
            // The token's type (typ) is judged by TokenValidators, with its own 401 sentence; the decoder's own check
            // would refuse RFC 9068's at+jwt.
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256)
                    .jwsAlgorithm(SignatureAlgorithm.ES256).validateType(false).build();
        } else {
            decoder = NimbusJwtDecoder.withPublicKey(rsaPublicKey(properties.publicKey())).validateType(false).build();
        }
        decoder.setJwtValidator(new TokenValidators(properties.issuerUri(), properties.audience(), properties.clockSkew(),
                Clock.systemUTC()));
        return decoder;
    }

    /**
     * Spring Security's default firewall refuses URIs the APIs serve on purpose: room ids are any printable ASCII, so
     * {@code %25}, {@code %3B} and a room called {@code ..} reach the API, which answers for that room (README, "HTTP
     * limits and errors"); Tomcat and the shared edge already refuse what would route elsewhere ({@code %2F}, a path
     * parameter, {@code ..} above the root). The routes' matchers read the path as Spring MVC routes it, so a request
     * is judged on the route it reaches.
     */
    @Bean
    WebSecurityCustomizer roomsyncFirewall() {
        DefaultHttpFirewall firewall = new DefaultHttpFirewall();
        firewall.setAllowUrlEncodedSlash(false);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    AuthenticationErrors roomsyncAuthenticationErrors(HttpEdgeProperties edge, ApiRoutes routes) {
        return new AuthenticationErrors(edge.errorShape(), routes);
    }

    @Bean
    SecurityFilterChain roomsyncApiSecurity(HttpSecurity http, ApiRoutes routes, JwtDecoder decoder,
                                            AuthenticationErrors errors, ApiCorsProperties cors) throws Exception {
        // CORS comes first in the chain: a preflight (OPTIONS with Origin and Access-Control-Request-Method) of an
        // allowed origin is answered there, without a token (browsers never send one with it); one of another origin
        // is refused 403. Answers to allowed origins, refusals (401/403) included, carry the CORS headers, so the page
        // can read why. Without allowed origins there is no CORS filter and no CORS header.
        if (cors.enabled()) {
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors.configuration());
            http.cors(configurer -> configurer.configurationSource(source));
        } else {
            http.cors(AbstractHttpConfigurer::disable);
        }
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> authorize(rules, routes))
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors));
        return http.build();
    }

    private static void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules,
                                  ApiRoutes routes) {
        // The container's own error page for a request already judged (a 404, a 400) is rendered, not judged again.
        rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
        rules.requestMatchers(HttpMethod.GET, OPEN_MANAGEMENT).permitAll();
        for (ApiRoutes.Route route : routes.routes()) {
            RequestMatcher[] matchers = route.matchers().toArray(RequestMatcher[]::new);
            if (route.scope() == null) {
                rules.requestMatchers(matchers).permitAll();
            } else {
                rules.requestMatchers(matchers).hasAuthority("SCOPE_" + route.scope());
            }
        }
        if (routes.othersNeedToken()) {
            rules.anyRequest().authenticated();
        } else {
            rules.anyRequest().permitAll();
        }
    }

    private static java.security.interfaces.RSAPublicKey rsaPublicKey(String jwk) {
        try {
            return RSAKey.parse(jwk).toRSAPublicKey();
        } catch (ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("roomsync.security.public-key is not an RSA public key in JWK form", e);
        }
    }
}
