package io.roomsync.scenario;

import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.util.List;

/**
 * Where the running system answers: the emulator (as Tencent and its clients), role-sync and moderation (every
 * replica's base URL, replica 1 first: a call goes to the first that answers, as through a Kubernetes Service), and
 * Kafka with its schema registry (for the callback ledger and the dead-letter check).
 */
public record Endpoints(String emulator, List<String> roleSyncReplicas, List<String> moderationReplicas, String kafka,
                        String registry) {

    public Endpoints {
        roleSyncReplicas = List.copyOf(roleSyncReplicas);
        moderationReplicas = List.copyOf(moderationReplicas);
        if (roleSyncReplicas.isEmpty() || moderationReplicas.isEmpty()) {
            throw new IllegalArgumentException("role-sync and moderation need at least one URL each");
        }
    }

    /** One replica each of role-sync and moderation. */
    public Endpoints(String emulator, String roleSync, String moderation, String kafka, String registry) {
        this(emulator, List.of(roleSync), List.of(moderation), kafka, registry);
    }

    /** The ports of {@code make run}. */
    public static Endpoints local() {
        return new Endpoints("http://127.0.0.1:8090", "http://127.0.0.1:8081", "http://127.0.0.1:8082",
                "127.0.0.1:9092", "http://127.0.0.1:8088/apis/registry/v3");
    }

    /** Every replica of role-sync and moderation that {@code stack} runs ({@link LocalStack#replicas}), and its Kafka. */
    public static Endpoints of(LocalStack stack) {
        return new Endpoints(stack.url(Instance.first(StackService.TIM_EMULATOR)), urls(stack, StackService.ROLE_SYNC),
                urls(stack, StackService.MODERATION), stack.layout().bootstrapServers(), stack.layout().registryApiUrl());
    }

    private static List<String> urls(LocalStack stack, StackService service) {
        return stack.instances(service).stream().map(stack::url).toList();
    }

    /** The demo room page the emulator serves (clients/web/demo; {@code make run} serves it). */
    String demoPage() {
        return emulator + "/web/demo/";
    }

    String control(String path) {
        return emulator + "/emulator/" + path;
    }
}
