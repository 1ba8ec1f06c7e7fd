package io.roomsync.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * For a service's own tests: the service installs the shared HTTP edge (its classpath registers
 * {@link RoomsyncHttpAutoConfiguration}, which every servlet service then runs), and its {@code application.yml}
 * chooses {@code expected} as the error shape (no setting: {@link ErrorShape#API}). What the edge answers is
 * tested once, in {@link HttpEdgeTest} and {@link SlowClientTest}.
 */
public final class HttpEdgeAssertions {

    private HttpEdgeAssertions() {
    }

    public static void assertInstalled(ErrorShape expected) {
        assertThat(ImportCandidates.load(AutoConfiguration.class, HttpEdgeAssertions.class.getClassLoader()).getCandidates())
                .contains(RoomsyncHttpAutoConfiguration.class.getName());
        assertThat(declaredShape()).isEqualTo(expected);
    }

    private static ErrorShape declaredShape() {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(ConfigurationPropertySources.get(environment))
                .bind("roomsync.http.error-shape", ErrorShape.class).orElse(ErrorShape.API);
    }
}
