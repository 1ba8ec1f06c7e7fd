package io.roomsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roomsync moderation ...}: a room's policy and recent decisions, through moderation's HTTP API. */
@Command(name = "moderation", mixinStandardHelpOptions = true,
        description = "Show or set a room's moderation policy (room * is the app default), and list its recent decisions.",
        subcommands = {ModerationCommand.Policy.class, ModerationCommand.SetPolicy.class, ModerationCommand.Decisions.class})
public class ModerationCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--moderation", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "moderation's API (env ROOMSYNC_MODERATION_URL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_MODERATION_URL:-http://127.0.0.1:8082}")
    String url;

    @Spec
    CommandSpec spec;

    @Command(name = "policy", description = "The rules in force in a room, and whether they are its own or the app default.")
    static class Policy implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModerationCommand moderation;
        @Parameters(paramLabel = "ROOM", description = "the room's GroupId, or * for the app default")
        String room;

        @Override
        public Integer call() {
            return HttpJson.call(moderation.spec, "moderation", "GET", moderation.url + "/v1/policies/" + EmulatorCommand.segment(room), null);
        }
    }

    @Command(name = "set-policy", description = "Replace a room's rules with the given JSON (fields in docs/moderation.md).")
    static class SetPolicy implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModerationCommand moderation;
        @Parameters(index = "0", paramLabel = "ROOM", description = "the room's GroupId, or * for the app default")
        String room;
        @Parameters(index = "1", paramLabel = "JSON", description = "the policy, e.g. '{\"blockLinks\":true}'")
        String policy;

        @Override
        public Integer call() throws Exception {
            return HttpJson.call(moderation.spec, "moderation", "PUT", moderation.url + "/v1/policies/" + EmulatorCommand.segment(room),
                    JSON.readTree(policy));
        }
    }

    @Command(name = "decisions", description = "A room's latest moderation decisions, newest first.")
    static class Decisions implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModerationCommand moderation;
        @Parameters(paramLabel = "ROOM", description = "the room's GroupId")
        String room;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "at most this many decisions (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            return HttpJson.call(moderation.spec, "moderation", "GET",
                    moderation.url + "/v1/rooms/" + EmulatorCommand.segment(room) + "/decisions?limit=" + limit, null);
        }
    }
}
