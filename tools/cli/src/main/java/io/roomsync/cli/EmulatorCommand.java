package io.roomsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code roomsync emulator ...}: drive the Tencent IM emulator's control API from a shell. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Drive the Tencent IM emulator: rooms, users joining, leaving and speaking, clients' inboxes, faults.",
        subcommands = {EmulatorCommand.CreateRoom.class, EmulatorCommand.Join.class, EmulatorCommand.Leave.class,
                EmulatorCommand.Say.class, EmulatorCommand.Room.class, EmulatorCommand.Inbox.class,
                EmulatorCommand.Fault.class, EmulatorCommand.ClearFaults.class, EmulatorCommand.Stats.class})
public class EmulatorCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--emulator", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the emulator (env ROOMSYNC_IM_DOMAIN, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_IM_DOMAIN:-http://127.0.0.1:8090}")
    String url;

    @Spec
    CommandSpec spec;

    int call(String method, String path, JsonNode body) {
        return HttpJson.call(spec, "emulator", method, url + "/emulator/" + path, body);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ObjectNode users(List<String> users) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("users");
        users.forEach(list::add);
        return body;
    }

    @Command(name = "create-room", description = "Create a live room (AVChatRoom).")
    static class CreateRoom implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Option(names = "--id", description = "GroupId (default: Tencent-style generated)")
        String id;
        @Option(names = "--name", defaultValue = "live room", description = "the room's name (default ${DEFAULT-VALUE})")
        String name;
        @Option(names = "--owner", paramLabel = "USER", description = "the room's owner (default: none, an app-created room)")
        String owner;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name);
            if (id != null) {
                body.put("groupId", id);
            }
            if (owner != null) {
                body.put("owner", owner);
            }
            return emulator.call("POST", "rooms", body);
        }
    }

    @Command(name = "join", description = "Users' clients join a room (fires the join callbacks).")
    static class Join implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(index = "0", paramLabel = "ROOM", description = "the room's GroupId")
        String room;
        @Parameters(index = "1..*", paramLabel = "USER", description = "the users (UserIDs) who join")
        List<String> users;

        @Override
        public Integer call() {
            return emulator.call("POST", "rooms/" + segment(room) + "/join", users(users));
        }
    }

    @Command(name = "leave", description = "Users' clients leave a room.")
    static class Leave implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(index = "0", paramLabel = "ROOM", description = "the room's GroupId")
        String room;
        @Parameters(index = "1..*", paramLabel = "USER", description = "the users (UserIDs) who leave")
        List<String> users;

        @Override
        public Integer call() {
            return emulator.call("POST", "rooms/" + segment(room) + "/leave", users(users));
        }
    }

    @Command(name = "say", description = "A user's client sends a text message to the room (mutes, callbacks, rate apply).")
    static class Say implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(index = "0", paramLabel = "ROOM", description = "the room's GroupId")
        String room;
        @Parameters(index = "1", paramLabel = "USER", description = "the sender (UserID)")
        String user;
        @Parameters(index = "2..*", paramLabel = "TEXT", description = "the message's words, joined with single spaces")
        List<String> words;

        @Override
        public Integer call() {
            return emulator.call("POST", "rooms/" + segment(room) + "/messages",
                    JSON.createObjectNode().put("from", user).put("text", String.join(" ", words)));
        }
    }

    @Command(name = "room", description = "What Tencent knows of a room: members, admins, mutes, bans, attributes.")
    static class Room implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(paramLabel = "ROOM", description = "the room's GroupId")
        String room;

        @Override
        public Integer call() {
            return emulator.call("GET", "rooms/" + segment(room), null);
        }
    }

    @Command(name = "inbox", description = "Everything a user's client received, in order.")
    static class Inbox implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(paramLabel = "USER", description = "whose client (UserID)")
        String user;
        @Option(names = "--room", paramLabel = "ROOM", description = "only what came from this room (default: every room)")
        String room;

        @Override
        public Integer call() {
            return emulator.call("GET", "clients/" + segment(user) + "/inbox" + (room == null ? "" : "?room=" + segment(room)), null);
        }
    }

    @Command(name = "fault", description = "Inject a fault into one REST command (or * for all).")
    static class Fault implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;
        @Parameters(paramLabel = "COMMAND", description = "e.g. send_group_msg, or *")
        String command;
        @Option(names = "--error-code", paramLabel = "CODE", defaultValue = "10002",
                description = "the ErrorCode of an injected error (default ${DEFAULT-VALUE}, Tencent's internal error)")
        int errorCode;
        @Option(names = "--error-percent", paramLabel = "PERCENT", defaultValue = "0",
                description = "calls answered with --error-code, nothing applied (default ${DEFAULT-VALUE})")
        int errorPercent;
        @Option(names = "--timeout-percent", paramLabel = "PERCENT", defaultValue = "0",
                description = "calls applied, but answered after --timeout-ms (default ${DEFAULT-VALUE})")
        int timeoutPercent;
        @Option(names = "--timeout-ms", paramLabel = "MILLIS", defaultValue = "6000",
                description = "how late a timed-out call is answered (default ${DEFAULT-VALUE})")
        long timeoutMillis;
        @Option(names = "--drop-percent", paramLabel = "PERCENT", defaultValue = "0",
                description = "calls whose connection is closed, nothing applied (default ${DEFAULT-VALUE})")
        int dropPercent;
        @Option(names = "--latency-ms", paramLabel = "MILLIS", defaultValue = "0",
                description = "added to every call's answer (default ${DEFAULT-VALUE})")
        long latencyMillis;

        @Override
        public Integer call() {
            return emulator.call("PUT", "faults/" + segment(command), JSON.createObjectNode().put("errorCode", errorCode)
                    .put("errorPercent", errorPercent).put("timeoutPercent", timeoutPercent).put("timeoutMillis", timeoutMillis)
                    .put("dropPercent", dropPercent).put("latencyMillis", latencyMillis));
        }
    }

    @Command(name = "clear-faults", description = "Remove every injected fault.")
    static class ClearFaults implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;

        @Override
        public Integer call() {
            return emulator.call("DELETE", "faults", null);
        }
    }

    @Command(name = "stats", description = "REST calls by command and code, callbacks sent and acknowledged.")
    static class Stats implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        EmulatorCommand emulator;

        @Override
        public Integer call() {
            return emulator.call("GET", "stats", null);
        }
    }
}
