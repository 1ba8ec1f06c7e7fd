package io.roomsync.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line of the local stack, behind {@code make run} and {@code make stop}.
 *
 * <pre>
 * up [service ...]     start Kafka, the registry and the named services (in that order), wait until healthy
 * down                 stop everything this run directory records
 * status               what runs, where, with its pid and log
 * kill NAME | stop NAME | start NAME   one component (kafka, registry or a service), for fault drills
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
                List<StackService> services = new ArrayList<>();
                rest.forEach(id -> services.add(StackService.byId(id)));
                stack.up(services, Map.of()).forEach(System.out::println);
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
                    default -> stack.startService(StackService.byId(name), Map.of());
                };
                System.out.println(line);
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static String single(List<String> rest) {
        if (rest.size() != 1) {
            throw new IllegalArgumentException("name exactly one of: kafka, registry, " + String.join(", ", StackService.ids()));
        }
        return rest.get(0);
    }

    private static void usage() {
        System.err.println("usage: stack up [service ...] | down | status | kill NAME | stop NAME | start NAME");
        System.err.println("services: " + String.join(", ", StackService.ids()));
    }
}
