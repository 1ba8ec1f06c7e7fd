package io.roomsync.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A live room's life, seeded and repeatable: viewers join in a storm, chat (with a share of spam that moderation
 * masks, and one viewer flooding until moderation mutes them), the host grants and revokes admins, operators mute,
 * unmute and ban through role-sync, and some viewers leave and rejoin. Everything goes over HTTP, as production
 * traffic does: clients through the emulator, operators through role-sync's API, the policy through moderation's.
 *
 * @param rooms   rooms, each with its own viewers
 * @param viewers viewers per room
 * @param seed    the same seed plays the same scenario
 */
record Scenario(int rooms, int viewers, long seed) {

    static final String SPAM = "cheap followers at spamshop";

    /**
     * What happened, for the convergence check: per room, its viewers, who left and rejoined, and what each member
     * must end as (the scenario knows what it asked for; a member it did not touch ends plain).
     */
    record Played(Map<String, List<String>> viewersByRoom, Map<String, Set<String>> rejoinedByRoom,
                  Map<String, Map<String, MemberView>> expectedByRoom) {
    }

    Played play(Endpoints at, Consumer<String> narrative) {
        Random random = new Random(seed);
        Map<String, List<String>> viewersByRoom = new java.util.LinkedHashMap<>();
        Map<String, Set<String>> rejoinedByRoom = new java.util.LinkedHashMap<>();
        Map<String, Map<String, MemberView>> expectedByRoom = new java.util.LinkedHashMap<>();
        for (int r = 0; r < rooms; r++) {
            String room = "scn_" + seed + "_" + r;
            List<String> members = new ArrayList<>();
            for (int v = 0; v < viewers; v++) {
                members.add(room + "_v" + v);
            }
            viewersByRoom.put(room, members);
            Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "Live " + r, "owner", "host_" + room));
            Http.call("PUT", at.moderation() + "/v1/policies/" + room, Map.of("bannedTerms", List.of("spamshop"),
                    "floodMessages", 5, "floodWindowSeconds", 10,
                    "ladder", List.of(Map.of("offences", 1, "sanction", "MUTE", "seconds", 600))));
            for (int from = 0; from < members.size(); from += 25) {
                Http.call("POST", at.control("rooms/" + room + "/join"), Map.of("users", members.subList(from, Math.min(members.size(), from + 25))));
            }
            narrative.accept(room + ": " + members.size() + " viewers joined; rules: \"spamshop\" masked, more than 5 messages in 10 s is a flood, first offence a 10-minute mute");
        }
        for (Map.Entry<String, List<String>> entry : viewersByRoom.entrySet()) {
            String room = entry.getKey();
            List<String> members = entry.getValue();
            // Distinct viewers for each part of the story (0-2 admins, 3-5 mutes, 6 the ban, 7-11 rejoin, 12 floods,
            // spam only from the rest), so the end state does not hang on which command lands first.
            List<String> shuffled = new ArrayList<>(members);
            java.util.Collections.shuffle(shuffled, random);
            Set<String> spammers = new LinkedHashSet<>();
            for (int v = 0; v < shuffled.size(); v++) {
                String viewer = shuffled.get(v);
                if (random.nextInt(3) == 0) {
                    boolean spam = v > 12 && random.nextInt(5) == 0;
                    say(at, room, viewer, spam ? SPAM : "nice stream " + random.nextInt(100));
                    if (spam) {
                        spammers.add(viewer);
                    }
                }
            }
            narrative.accept(room + ": chat from the audience; " + spammers + " advertised (masked, first offence: muted)");
            String flooder = shuffled.get(12);
            for (int i = 0; i < 8; i++) {
                say(at, room, flooder, "follow me now " + i);
            }
            narrative.accept(room + ": " + flooder + " flooded the room with 8 messages");
            List<String> admins = shuffled.subList(0, 3);
            admins.forEach(user -> command(at, "POST", room, user, "admin", null));
            command(at, "DELETE", room, admins.get(0), "admin", null);
            narrative.accept(room + ": the host made " + admins + " admins, then revoked " + admins.get(0));
            List<String> muted = shuffled.subList(3, 6);
            muted.forEach(user -> command(at, "POST", room, user, "mute", Map.of("seconds", 600, "reason", "scenario")));
            command(at, "POST", room, muted.get(0), "unmute", null);
            String banned = shuffled.get(6);
            command(at, "POST", room, banned, "ban", Map.of("seconds", 600, "reason", "scenario"));
            narrative.accept(room + ": operators muted " + muted + ", unmuted " + muted.get(0) + ", banned " + banned);
            Set<String> rejoined = new LinkedHashSet<>(shuffled.subList(7, Math.min(shuffled.size(), 12)));
            Http.call("POST", at.control("rooms/" + room + "/leave"), Map.of("users", rejoined));
            command(at, "POST", room, shuffled.get(1), "mute", Map.of("seconds", 300, "reason", "while some were away"));
            Http.call("POST", at.control("rooms/" + room + "/join"), Map.of("users", rejoined));
            rejoinedByRoom.put(room, rejoined);
            Map<String, MemberView> expected = new java.util.HashMap<>();
            expected.put(admins.get(1), new MemberView(true, true, false));
            expected.put(admins.get(2), new MemberView(true, false, false));
            expected.put(muted.get(1), new MemberView(false, true, false));
            expected.put(muted.get(2), new MemberView(false, true, false));
            expected.put(banned, new MemberView(false, false, true));
            expected.put(flooder, new MemberView(false, true, false));
            spammers.forEach(spammer -> expected.put(spammer, new MemberView(false, true, false)));
            expectedByRoom.put(room, expected);
            narrative.accept(room + ": " + rejoined + " left and rejoined while " + shuffled.get(1) + " was muted");
        }
        return new Played(viewersByRoom, rejoinedByRoom, expectedByRoom);
    }

    private static void say(Endpoints at, String room, String user, String text) {
        Http.call("POST", at.control("rooms/" + room + "/messages"), Map.of("from", user, "text", text));
    }

    private static void command(Endpoints at, String method, String room, String user, String action, Object body) {
        Http.call(method, at.roleSync() + "/v1/rooms/" + room + "/members/" + user + "/" + action, body == null ? "{}" : body);
    }
}
