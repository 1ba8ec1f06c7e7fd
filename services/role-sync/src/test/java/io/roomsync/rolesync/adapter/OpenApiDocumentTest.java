package io.roomsync.rolesync.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.rolesync.adapter.http.MemberApi;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document (served at /v1/openapi.yaml) describes exactly the operations the API has. */
class OpenApiDocumentTest {

    @Test
    void everyOperationOfTheApiIsDocumentedAndNothingElse() throws Exception {
        String base = MemberApi.class.getAnnotation(RequestMapping.class).value()[0];
        Set<String> implemented = new HashSet<>();
        for (Method method : MemberApi.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(PostMapping.class)) {
                implemented.add("post " + base + method.getAnnotation(PostMapping.class).value()[0]);
            } else if (method.isAnnotationPresent(GetMapping.class)) {
                implemented.add("get " + base + method.getAnnotation(GetMapping.class).value()[0]);
            } else if (method.isAnnotationPresent(DeleteMapping.class)) {
                implemented.add("delete " + base + method.getAnnotation(DeleteMapping.class).value()[0]);
            }
        }
        Set<String> documented = new HashSet<>();
        try (InputStream in = getClass().getResourceAsStream("/static/v1/openapi.yaml")) {
            Map<String, Object> document = new Yaml().load(in);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
            paths.forEach((path, operations) -> operations.keySet().forEach(verb -> documented.add(verb + " " + path)));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(implemented);
    }
}
