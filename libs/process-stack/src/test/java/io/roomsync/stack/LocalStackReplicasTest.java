package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run directory's replica count changes, read without starting anything. */
class LocalStackReplicasTest {

    @TempDir
    Path root;

    @Test
    void withoutARecordedCountTheStackIsTodaysOneReplicaEach() {
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        assertThat(stack.replicas()).isEqualTo(1);
        assertThat(stack.instances(StackService.ROLE_SYNC)).containsExactly(Instance.first(StackService.ROLE_SYNC));
        assertThat(stack.serviceEnvironment(8090).get("ROOMSYNC_EMULATOR_CALLBACK_URL"))
                .isEqualTo("http://127.0.0.1:8080/tencent-im/callback");
        assertThat(stack.status()).extracting(line -> line.split("\\s+")[0])
                .containsExactly("kafka", "registry", "tim-emulator", "ingest", "role-sync", "moderation", "notice-dispatch");
    }

    @Test
    void twoRecordedReplicasListEveryInstanceAndSendCallbacksToBothIngests() throws IOException {
        // Given a run directory where REPLICAS=2 make run recorded its count
        Files.createDirectories(root.resolve(".run"));
        Files.writeString(root.resolve(".run/replicas"), "2\n");
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        // Then every service but the emulator has two instances, the second 100 ports further
        assertThat(stack.instances(StackService.TIM_EMULATOR)).containsExactly(Instance.first(StackService.TIM_EMULATOR));
        assertThat(stack.instances(StackService.MODERATION)).extracting(stack::url)
                .containsExactly("http://127.0.0.1:8082", "http://127.0.0.1:8182");
        // And the emulator, as the load balancer, calls back both ingest replicas
        assertThat(stack.serviceEnvironment(8090).get("ROOMSYNC_EMULATOR_CALLBACK_URL"))
                .isEqualTo("http://127.0.0.1:8080/tencent-im/callback,http://127.0.0.1:8180/tencent-im/callback");
        // And make status lists every instance, none running here
        assertThat(stack.status()).extracting(line -> line.split("\\s+")[0]).containsExactly("kafka", "registry",
                "tim-emulator", "ingest", "ingest-2", "role-sync", "role-sync-2", "moderation", "moderation-2",
                "notice-dispatch", "notice-dispatch-2");
        assertThat(stack.status()).allSatisfy(line -> assertThat(line).endsWith("not running"));
    }

    @Test
    void healthIsOnAManagementPortApartThatStepsWithTheReplicasAndNeverClashes() throws IOException {
        // Given REPLICAS=2 make run's count
        Files.createDirectories(root.resolve(".run"));
        Files.writeString(root.resolve(".run/replicas"), "2\n");
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        // Then each service's management port is its API port + 1000, stepping by 100 like the API ports
        assertThat(stack.instances(StackService.ROLE_SYNC)).extracting(stack::managementUrl)
                .containsExactly("http://127.0.0.1:9081", "http://127.0.0.1:9181");
        assertThat(stack.managementPort(Instance.first(StackService.INGEST))).isEqualTo(9080);
        // And the emulator answers health on its own port
        assertThat(stack.managementPort(Instance.first(StackService.TIM_EMULATOR))).isEqualTo(8090);
        // And no management port of any replica is a port of make run's (API ports, emulator, Kafka, registry)
        java.util.Set<Integer> taken = new java.util.HashSet<>(java.util.List.of(8088, 8089, 8090, 9092, 9093));
        for (StackService service : StackService.values()) {
            for (int replica = 1; replica <= Instance.MAX_REPLICAS; replica++) {
                taken.add(new Instance(service, replica).port(service.defaultPort()));
            }
        }
        for (StackService service : StackService.values()) {
            if (!service.hasManagementPort()) {
                continue;
            }
            for (int replica = 1; replica <= Instance.MAX_REPLICAS; replica++) {
                int management = stack.managementPort(new Instance(service, replica));
                assertThat(taken).as(service.id() + "-" + replica).doesNotContain(management);
            }
        }
    }

    @Test
    void anInstanceOnATestsPortGetsAFreeManagementPortOfItsOwnOnce() {
        // Given a test's layout with role-sync on a port of its own
        LocalStack stack = new LocalStack(new LocalStack.Layout(root, root, root.resolve("run"), 1, 0, 2, 0,
                java.util.Map.of(StackService.ROLE_SYNC, 41234)));
        Instance roleSync = Instance.first(StackService.ROLE_SYNC);

        // Then its management port is not the default one, and stays the same for the instance
        int management = stack.managementPort(roleSync);
        assertThat(management).isNotEqualTo(9081).isNotEqualTo(41234);
        assertThat(stack.managementPort(roleSync)).isEqualTo(management);
    }
}
