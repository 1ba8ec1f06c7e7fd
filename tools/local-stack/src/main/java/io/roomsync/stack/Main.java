package io.roomsync.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Command line of the local stack, behind {@code make run} and {@code make stop}.
 *
 * <pre>
 * up [--replicas N] [service ...]   start Kafka, the registry and the named services (in that order), N replicas
 *                      of each (the emulator once; default: as the running stack, else 1), wait until healthy; then
 *                      the operator console on port 8070 when role-sync and moderation are among them
 * down                 stop everything this run directory records
 * status               what runs, where, with its pid and log, every replica
 * kill NAME | stop NAME | start NAME   one component (kafka, registry, a service or a replica such as role-sync-2),
 *                      for fault drills
 * </pre>
 *
 * The repository root is the working directory unless {@code -Droomsync.root} says otherwise.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("roomsync.root", ".")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        try {
            run(stack, args[0], List.of(args).subList(1, args.length));
        } catch (RuntimeException e) {
            System.err.println("roomsync stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(LocalStack stack, String command, List<String> rest) {
        switch (command) {
            case "up" -> {
                OptionalInt replicas = OptionalInt.empty();
                List<String> ids = rest;
                if (!rest.isEmpty() && rest.get(0).equals("--replicas")) {
                    if (rest.size() < 2) {
                        throw new IllegalArgumentException("--replicas takes a number, 1 to " + Instance.MAX_REPLICAS);
                    }
                    // An empty value (REPLICAS unset in make) keeps the running stack's count.
                    replicas = rest.get(1).isBlank() ? OptionalInt.empty() : OptionalInt.of(replicaCount(rest.get(1)));
                    ids = rest.subList(2, rest.size());
                }
                List<StackService> services = new ArrayList<>();
                ids.forEach(id -> services.add(StackService.byId(id)));
                stack.up(services, replicas, Map.of()).forEach(System.out::println);
                if (services.contains(StackService.ROLE_SYNC) && services.contains(StackService.MODERATION)) {
                    System.out.println(stack.startConsole(ConsoleServer.DEFAULT_PORT));
                }
            }
            case "down" -> {
                List<String> stopped = stack.down();
                System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped));
            }
            case "status" -> stack.status().forEach(System.out::println);
            case "kill" -> stack.kill(single(rest));
            case "stop" -> stack.stop(single(rest));
            case "start" -> {
                String name = single(rest);
                String line = switch (name) {
                    case "kafka" -> stack.startKafka();
                    case "registry" -> stack.startRegistry();
                    default -> stack.startService(Instance.parse(name), Map.of());
                };
                System.out.println(line);
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static int replicaCount(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REPLICAS must be a number, 1 to " + Instance.MAX_REPLICAS + ", not '" + text + "'");
        }
    }

    private static String single(List<String> rest) {
        if (rest.size() != 1) {
            throw new IllegalArgumentException("name exactly one of: kafka, registry, " + String.join(", ", StackService.ids())
                    + " (replica k of a service: SERVICE-k)");
        }
        return rest.get(0);
    }

    private static void usage() {
        System.err.println("usage: stack up [--replicas N] [service ...] | down | status | kill NAME | stop NAME | start NAME");
        System.err.println("services: " + String.join(", ", StackService.ids()));
    }
}
