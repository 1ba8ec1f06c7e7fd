package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What a Kafka Streams service's StatefulSet must hold for a pod's failure or restart to cost seconds (README,
 * "Kubernetes: pod failures and rolling restarts"): a headless governing Service, the state directory on the pod's own
 * volume, the pod's name as its static group membership, standbys where 2+ replicas run, and a stop that fits the
 * grace period (preStop, then the Streams close timeout and Spring's shutdown phase, from roomsync-defaults.yml).
 */
final class StreamsFailoverCheck {

    private static final Pattern SECONDS = Pattern.compile("([0-9]+)s");

    private StreamsFailoverCheck() {
    }

    static void check(StatefulSet statefulSet, List<Service> services, Map<String, String> config) {
        String name = statefulSet.getMetadata().getName();
        var spec = statefulSet.getSpec();
        // A headless Service governs it and selects its pods
        Service governing = services.stream().filter(s -> s.getMetadata().getName().equals(spec.getServiceName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no Service " + spec.getServiceName()));
        assertThat(governing.getSpec().getClusterIP()).as(name + "'s governing Service").isEqualTo("None");
        assertThat(governing.getSpec().getSelector()).as(name + "'s governing Service").containsEntry("app.kubernetes.io/name", name);
        // The state directory is on a volume claimed per pod, not on a pod volume (emptyDir) that a restart loses
        Container container = spec.getTemplate().getSpec().getContainers().get(0);
        List<String> claims = spec.getVolumeClaimTemplates().stream().map(PersistentVolumeClaim::getMetadata).map(m -> m.getName()).toList();
        // (pod volumes of read-only files, such as the prod overlay's Kafka cluster CA, are fine; none may be an emptyDir)
        assertThat(java.util.Objects.requireNonNullElse(spec.getTemplate().getSpec().getVolumes(), List.<io.fabric8.kubernetes.api.model.Volume>of()))
                .as(name + ": pod volumes").noneMatch(volume -> volume.getEmptyDir() != null);
        List<EnvVar> stateDirs = container.getEnv().stream().filter(e -> e.getName().endsWith("_STATE_DIR")).toList();
        assertThat(stateDirs).as(name + ": its *_STATE_DIR").hasSize(1);
        VolumeMount state = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDirs.get(0).getValue()))
                .findFirst().orElseThrow(() -> new AssertionError(name + ": nothing mounted at " + stateDirs.get(0).getValue()));
        assertThat(claims).as(name + ": the state mount's claim").contains(state.getName());
        // Its pod's name is its static group membership
        EnvVar instanceId = container.getEnv().stream().filter(e -> e.getName().equals("ROOMSYNC_STREAMS_INSTANCE_ID")).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no ROOMSYNC_STREAMS_INSTANCE_ID"));
        assertThat(instanceId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        // A standby of each task where 2 or more replicas run, none where one does (it would have nowhere to run)
        assertThat(config.get("ROOMSYNC_STREAMS_STANDBY_REPLICAS")).as(name + ": standbys with " + spec.getReplicas() + " replicas")
                .isEqualTo(spec.getReplicas() >= 2 ? "1" : "0");
        // A stopping pod leaves its groups, so its tasks move to their standbys at once: neither the ConfigMap nor the pod
        // turns that off
        String leaves = container.getEnv().stream().filter(e -> e.getName().equals("ROOMSYNC_STREAMS_LEAVE_GROUP_ON_CLOSE"))
                .map(EnvVar::getValue).findFirst()
                .orElse(config.getOrDefault("ROOMSYNC_STREAMS_LEAVE_GROUP_ON_CLOSE", defaultValue("roomsync", "streams", "leave-group-on-close")));
        assertThat(leaves).as(name + ": leaves its groups on close").isEqualTo("true");
        // Stopping fits the grace period: preStop, then the Streams close, then the HTTP drain
        List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).as(name + ": preStop").hasSize(2).first().isEqualTo("sleep");
        long budget = Long.parseLong(preStop.get(1)) + defaultSeconds("roomsync", "streams", "close-timeout")
                + defaultSeconds("spring", "lifecycle", "timeout-per-shutdown-phase");
        assertThat(spec.getTemplate().getSpec().getTerminationGracePeriodSeconds()).as(name + ": grace period against preStop + close + drain")
                .isGreaterThan(budget);
    }

    /** A duration in whole seconds ("20s") from the services' shared defaults. */
    private static long defaultSeconds(String... path) {
        String value = defaultValue(path);
        Matcher seconds = SECONDS.matcher(value);
        assertThat(seconds.matches()).as(String.join(".", path) + " = " + value + ", in whole seconds").isTrue();
        return Long.parseLong(seconds.group(1));
    }

    /** A setting of the services' shared defaults (roomsync-defaults.yml) as text. */
    @SuppressWarnings("unchecked")
    private static String defaultValue(String... path) {
        Object value;
        try {
            value = new Yaml().load(Files.readString(ManifestsTest.ROOT.resolve("libs/service-support/src/main/resources/roomsync-defaults.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
        }
        return String.valueOf(value);
    }
}
