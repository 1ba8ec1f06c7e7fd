package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's static server: its files, its config, and nothing else. */
class ConsoleServerTest {

    @TempDir
    Path dir;
    ConsoleServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<!doctype html>");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.js"), "export {};");
        Files.createDirectories(dir.resolve("test"));
        Files.writeString(dir.resolve("test/words.test.js"), "test");
        Files.writeString(dir.resolve("package.json"), "{}");
        Files.writeString(dir.getParent().resolve("secret.html"), "no");
        Files.createSymbolicLink(dir.resolve("link.html"), dir.getParent().resolve("secret.html"));
        server = ConsoleServer.start(dir, 0, "http://127.0.0.1:8081", "http://127.0.0.1:8082");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsModulesAndWhereTheApisAre() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<!doctype html>");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        // ES modules must be served as JavaScript, or the browser refuses them
        assertThat(get("/src/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<String> config = get("/config.json");
        assertThat(config.body()).isEqualTo("{\"roleSync\":\"http://127.0.0.1:8081\",\"moderation\":\"http://127.0.0.1:8082\"}\n");
    }

    @Test
    void nothingOutsideTheConsoleNorItsTestsOrManifestNorThroughALink() throws Exception {
        for (String path : new String[] {"/../secret.html", "/%2e%2e/secret.html", "/test/words.test.js", "/package.json",
                "/src", "/missing.js", "/link.html"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
