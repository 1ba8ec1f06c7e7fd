package io.roomsync.support.http;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The HTTP port of every roomsync service (README, "HTTP limits and errors"): every error answer in the service's
 * {@link ErrorShape} (Spring's error page replaced by {@link JsonErrorController}, Tomcat's HTML report by
 * {@link JsonErrorReportValve}), a deadline on a request's head ({@link HeaderDeadlineProtocol}) and on its body
 * ({@link BodyDeadlineFilter}), and whole numbers in parameters read strictly ({@link AsciiNumbers}). Installed in
 * every servlet service by depending on roomsync-service-support.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Tomcat.class, DispatcherServlet.class})
@EnableConfigurationProperties(HttpEdgeProperties.class)
public class RoomsyncHttpAutoConfiguration {

    /** Replaces Spring Boot's BasicErrorController (which backs off when an ErrorController exists). */
    @Bean
    JsonErrorController roomsyncErrorController(HttpEdgeProperties properties) {
        return new JsonErrorController(properties.errorShape());
    }

    /** Whole numbers in parameters and path variables in canonical ASCII digits only. */
    @Bean
    AsciiNumbers roomsyncAsciiNumbers() {
        return new AsciiNumbers();
    }

    @Bean
    FilterRegistrationBean<BodyDeadlineFilter> roomsyncBodyDeadlineFilter(HttpEdgeProperties properties) {
        FilterRegistrationBean<BodyDeadlineFilter> registration =
                new FilterRegistrationBean<>(new BodyDeadlineFilter(properties.bodyTimeout(), properties.errorShape()));
        // First, so every reader of the body (filters included) sees the deadline.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Path parameters refused before routing, which would drop them and act on another room. */
    @Bean
    FilterRegistrationBean<PathParameterFilter> roomsyncPathParameterFilter(HttpEdgeProperties properties) {
        FilterRegistrationBean<PathParameterFilter> registration =
                new FilterRegistrationBean<>(new PathParameterFilter(properties.errorShape()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** After Spring Boot's own Tomcat customizers, so the valve replaces theirs and the timeouts are ours. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> roomsyncTomcatEdge(HttpEdgeProperties properties) {
        return new TomcatEdge(properties);
    }

    /** Installs the JSON error valve, the header deadline protocol and the read timeout on a Tomcat factory. */
    static final class TomcatEdge implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        private final HttpEdgeProperties properties;

        TomcatEdge(HttpEdgeProperties properties) {
            this.properties = properties;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.setProtocol(HeaderDeadlineProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                int millis = (int) properties.headerTimeout().toMillis();
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    // Tomcat's per-read timeout: silence before the first byte, and between reads of a body.
                    protocol.setConnectionTimeout(millis);
                }
                if (connector.getProtocolHandler() instanceof HeaderDeadlineProtocol protocol) {
                    protocol.setHeaderDeadlineMillis(millis);
                    // Tomcat's drain of an unread body has no time limit; BodyDeadlineFilter drains within its own.
                    protocol.setMaxSwallowSize(0);
                }
            });
            factory.addContextCustomizers(context -> installValve(context.getParent(), properties.errorShape()));
        }

        /** Exactly one error report valve on the host: ours (Spring Boot may have added Tomcat's). */
        private static void installValve(Container host, ErrorShape shape) {
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new JsonErrorReportValve(shape));
            if (host instanceof StandardHost standardHost) {
                // The host adds a valve of this class at start only when none is there yet.
                standardHost.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
