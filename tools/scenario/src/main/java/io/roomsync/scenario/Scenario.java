package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
 * @param seed    the same seed plays the same scenario, in the same rooms: once per stack
 */
record Scenario(int rooms, int viewers, long seed) {

    static final String SPAM = "cheap followers at spamshop";
    /** Tencent's ErrorCode for a group that does not exist (or was dissolved). */
    private static final int NO_SUCH_GROUP = 10010;
    /** Tencent's ErrorCode for a GroupId that is taken. */
    private static final int GROUP_ID_USED = 10021;
    /** How long the check before playing waits for a role-sync replica that is not answering yet. */
    private static final Duration ROLE_SYNC_PATIENCE = Duration.ofSeconds(60);

    /**
     * What happened, for the convergence check: per room, its simulated viewers, its browser pages' viewers, who left
     * and rejoined, what each member must end as (the scenario knows what it asked for; a member it did not touch ends
     * plain) and when (epoch ms) role-sync accepted the room's last command.
     */
    record Played(Map<String, List<String>> viewersByRoom, Map<String, Set<String>> rejoinedByRoom,
                  Map<String, Map<String, MemberView>> expectedByRoom, Map<String, List<String>> pagesByRoom,
                  Map<String, Long> lastCommandAtByRoom) {

        /** Every member of {@code room}: its simulated viewers, then its browser pages' viewers. */
        List<String> membersOf(String room) {
            List<String> members = new ArrayList<>(viewersByRoom.getOrDefault(room, List.of()));
            members.addAll(pagesByRoom.getOrDefault(room, List.of()));
            return members;
        }
    }

    /**
     * Viewers whose client is not simulated: each joins a room through its own client as the room opens, before the
     * chat, and watches the rest of the story (see {@link BrowserPages}).
     */
    interface Audience {
        /** Nobody: every client is simulated. */
        Audience NONE = (room, roomIndex) -> List.of();

        /** Joins {@code room} (the {@code roomIndex}-th, from 0), returning once joined; the viewers who joined. */
        List<String> join(String room, int roomIndex);
    }

    /** One room's cast: its viewers in seeded order, who spams, and the expected end state as it builds up. */
    private static final class Cast {
        final String room;
        final List<String> members = new ArrayList<>();
        List<String> shuffled;
        final Set<String> spammers = new LinkedHashSet<>();
        final Map<String, MemberView> expected = new java.util.HashMap<>();
        Set<String> rejoined = Set.of();
        List<String> pages = List.of();
        long lastCommandAt;

        Cast(String room) {
            this.room = room;
        }

        /** Viewers with no part in the story (not admin, muted, banned, rejoining, flooding or spamming). */
        List<String> bystanders() {
            return shuffled.subList(Math.min(shuffled.size(), 13), shuffled.size()).stream()
                    .filter(viewer -> !spammers.contains(viewer)).toList();
        }
    }

    /** The rooms' GroupIds: {@code scn_SEED_INDEX}, the same for the same seed. */
    List<String> roomIds() {
        return java.util.stream.IntStream.range(0, rooms).mapToObj(r -> "scn_" + seed + "_" + r).toList();
    }

    /**
     * Asks the emulator for each of the scenario's rooms, and role-sync for the member state it holds of them, before
     * anything is played.
     *
     * @throws SeedAlreadyPlayed if one exists in either: this seed was played on this stack before
     */
    void ensureUnplayed(Endpoints at) {
        for (String room : roomIds()) {
            try {
                Http.call("GET", at.control("rooms/" + room), null);
            } catch (Http.Refused refused) {
                if (refused.status == 409 && refused.errorCode == NO_SUCH_GROUP) {
                    continue;
                }
                throw refused;
            }
            throw new SeedAlreadyPlayed(seed, room);
        }
        Set<String> ours = new java.util.HashSet<>(roomIds());
        // role-sync's room search matches part of an id; the seed's prefix narrows it, the exact ids decide. A replica
        // still starting is waited for, as the scenario's other calls to role-sync are.
        for (JsonNode held : Http.callPatiently("GET", at.roleSyncReplicas(), "/v1/rooms?room=scn_" + seed + "_&limit=1000",
                null, ROLE_SYNC_PATIENCE)) {
            String room = held.path("room").asText();
            if (ours.contains(room)) {
                throw new SeedAlreadyPlayed(seed, room, "role-sync holds member state of room " + room);
            }
        }
    }

    Played play(Endpoints at, Consumer<String> narrative) {
        return play(at, Drill.NONE, Audience.NONE, narrative);
    }

    /**
     * Plays the scenario with {@code drill} struck after the chat (see {@link Drill}); a drill that lasts to the end
     * is struck before anything happens and is still on when this returns. {@code audience} joins each room as it
     * opens; the operators mute its first viewer in each room and make its second admin.
     */
    Played play(Endpoints at, Drill drill, Audience audience, Consumer<String> narrative) {
        Random random = new Random(seed);
        if (drill.lastsToTheEnd()) {
            narrative.accept("fault: " + drill.describe());
            drill.strike();
        }
        List<Cast> casts = new ArrayList<>();
        List<String> roomIds = roomIds();
        for (int r = 0; r < rooms; r++) {
            Cast cast = new Cast(roomIds.get(r));
            for (int v = 0; v < viewers; v++) {
                cast.members.add(cast.room + "_v" + v);
            }
            casts.add(cast);
            open(at, cast, r, narrative);
            long joining = System.nanoTime();
            cast.pages = audience.join(cast.room, r);
            if (!cast.pages.isEmpty()) {
                narrative.accept(String.format("%s: %s joined from their own page (%.1f s to open and join)", cast.room,
                        Narrative.names(cast.pages), (System.nanoTime() - joining) / 1e9));
            }
        }
        casts.forEach(cast -> chat(at, cast, random, narrative));
        if (!drill.steps().isEmpty()) {
            // Steps in turn (replicas killed one by one, a rolling restart): the operators command and viewers rejoin
            // while the first steps strike, and the audience chats until the last step has recovered.
            narrative.accept("fault: " + drill.describe());
            StepsInTurn steps = StepsInTurn.start(drill, narrative);
            steps.awaitFirstStrike();
            casts.forEach(cast -> operate(at, cast, narrative));
            casts.forEach(cast -> leaveAndRejoin(at, cast, narrative));
            chatterWhile(at, casts, steps::playing);
            steps.finish();
            narrative.accept("fault: every step recovered");
        } else {
            if (drill != Drill.NONE && !drill.lastsToTheEnd()) {
                narrative.accept("fault: " + drill.describe());
                drill.strike();
                chatter(at, casts, drill.hold());
                drill.recover();
                narrative.accept("fault: recovered");
            }
            casts.forEach(cast -> operate(at, cast, narrative));
            casts.forEach(cast -> leaveAndRejoin(at, cast, narrative));
        }
        Map<String, List<String>> viewersByRoom = new java.util.LinkedHashMap<>();
        Map<String, Set<String>> rejoinedByRoom = new java.util.LinkedHashMap<>();
        Map<String, Map<String, MemberView>> expectedByRoom = new java.util.LinkedHashMap<>();
        Map<String, List<String>> pagesByRoom = new java.util.LinkedHashMap<>();
        Map<String, Long> lastCommandAtByRoom = new java.util.LinkedHashMap<>();
        for (Cast cast : casts) {
            viewersByRoom.put(cast.room, cast.members);
            rejoinedByRoom.put(cast.room, cast.rejoined);
            expectedByRoom.put(cast.room, cast.expected);
            pagesByRoom.put(cast.room, cast.pages);
            lastCommandAtByRoom.put(cast.room, cast.lastCommandAt);
        }
        return new Played(viewersByRoom, rejoinedByRoom, expectedByRoom, pagesByRoom, lastCommandAtByRoom);
    }

    private void open(Endpoints at, Cast cast, int index, Consumer<String> narrative) {
        String room = cast.room;
        try {
            Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "Live " + index, "owner", "host_" + room));
        } catch (Http.Refused refused) {
            if (refused.status == 409 && refused.errorCode == GROUP_ID_USED) {
                throw new SeedAlreadyPlayed(seed, room);
            }
            throw refused;
        }
        JsonNode policy = Http.onAnyReplica("PUT", at.moderationReplicas(), "/v1/policies/" + room, Map.of("bannedTerms",
                List.of("spamshop"), "floodMessages", 5, "floodWindowSeconds", 10,
                "ladder", List.of(Map.of("offences", 1, "sanction", "MUTE", "seconds", 600))));
        awaitPolicyInForce(at, room, policy.path("revision").asLong());
        for (int from = 0; from < cast.members.size(); from += 25) {
            Http.call("POST", at.control("rooms/" + room + "/join"),
                    Map.of("users", cast.members.subList(from, Math.min(cast.members.size(), from + 25))));
        }
        narrative.accept(room + ": " + cast.members.size() + " viewers joined; rules: \"spamshop\" masked, more than 5 messages in 10 s is a flood, first offence a 10-minute mute");
    }

    /**
     * Distinct viewers for each part of the story (0-2 admins, 3-5 mutes, 6 the ban, 7-11 rejoin, 12 floods, spam
     * only from the rest), so the end state does not hang on which command lands first.
     */
    private static void chat(Endpoints at, Cast cast, Random random, Consumer<String> narrative) {
        String room = cast.room;
        cast.shuffled = new ArrayList<>(cast.members);
        java.util.Collections.shuffle(cast.shuffled, random);
        for (int v = 0; v < cast.shuffled.size(); v++) {
            String viewer = cast.shuffled.get(v);
            if (random.nextInt(3) == 0) {
                boolean spam = v > 12 && random.nextInt(5) == 0;
                say(at, room, viewer, spam ? SPAM : "nice stream " + random.nextInt(100));
                if (spam) {
                    cast.spammers.add(viewer);
                    cast.expected.put(viewer, new MemberView(false, true, false));
                }
            }
        }
        narrative.accept(room + ": chat from the audience; " + (cast.spammers.isEmpty() ? "nobody"
                : Narrative.names(cast.spammers)) + " advertised (masked, first offence: muted)");
        String flooder = cast.shuffled.get(12);
        for (int i = 0; i < 8; i++) {
            say(at, room, flooder, "follow me now " + i);
        }
        cast.expected.put(flooder, new MemberView(false, true, false));
        narrative.accept(room + ": " + flooder + " flooded the room with 8 messages");
    }

    /**
     * Bystanders keep talking while a fault lasts, each room's in turn (four messages a second per room), so callbacks
     * arrive while a part is down; nobody comes near the flood limit.
     */
    private static void chatter(Endpoints at, List<Cast> casts, Duration hold) {
        long until = System.nanoTime() + hold.toNanos();
        chatterWhile(at, casts, () -> System.nanoTime() < until);
    }

    /** Bystanders in every room say something every 250 ms while {@code going} holds. */
    private static void chatterWhile(Endpoints at, List<Cast> casts, java.util.function.BooleanSupplier going) {
        for (int i = 0; going.getAsBoolean(); i++) {
            for (Cast cast : casts) {
                List<String> bystanders = cast.bystanders();
                if (!bystanders.isEmpty()) {
                    say(at, cast.room, bystanders.get(i % bystanders.size()), "still watching " + i);
                }
            }
            pause(Duration.ofMillis(250));
        }
    }

    private static void operate(Endpoints at, Cast cast, Consumer<String> narrative) {
        String room = cast.room;
        List<String> admins = cast.shuffled.subList(0, 3);
        admins.forEach(user -> command(at, "POST", room, user, "admin", null));
        command(at, "DELETE", room, admins.get(0), "admin", null);
        narrative.accept(room + ": the host made " + admins + " admins, then revoked " + admins.get(0));
        List<String> muted = cast.shuffled.subList(3, 6);
        muted.forEach(user -> command(at, "POST", room, user, "mute", Map.of("seconds", 600, "reason", "scenario")));
        command(at, "POST", room, muted.get(0), "unmute", null);
        String banned = cast.shuffled.get(6);
        command(at, "POST", room, banned, "ban", Map.of("seconds", 600, "reason", "scenario"));
        narrative.accept(room + ": operators muted " + muted + ", unmuted " + muted.get(0) + ", banned " + banned);
        cast.expected.put(admins.get(2), new MemberView(true, false, false));
        cast.expected.put(muted.get(1), new MemberView(false, true, false));
        cast.expected.put(muted.get(2), new MemberView(false, true, false));
        cast.expected.put(banned, new MemberView(false, false, true));
        if (!cast.pages.isEmpty()) {
            // The pages' own screens get a part: one input that must close, one set of admin controls that must open.
            String mutedPage = cast.pages.get(0);
            command(at, "POST", room, mutedPage, "mute", Map.of("seconds", 600, "reason", "scenario"));
            cast.expected.put(mutedPage, new MemberView(false, true, false));
            String adminPage = cast.pages.size() > 1 ? cast.pages.get(1) : null;
            if (adminPage != null) {
                command(at, "POST", room, adminPage, "admin", null);
                cast.expected.put(adminPage, new MemberView(true, false, false));
            }
            narrative.accept(room + ": operators muted " + mutedPage + (adminPage == null ? "" : " and made " + adminPage + " admin"));
        }
    }

    private static void leaveAndRejoin(Endpoints at, Cast cast, Consumer<String> narrative) {
        String room = cast.room;
        cast.rejoined = new LinkedHashSet<>(cast.shuffled.subList(7, Math.min(cast.shuffled.size(), 12)));
        Http.call("POST", at.control("rooms/" + room + "/leave"), Map.of("users", cast.rejoined));
        command(at, "POST", room, cast.shuffled.get(1), "mute", Map.of("seconds", 300, "reason", "while some were away"));
        cast.lastCommandAt = System.currentTimeMillis();
        Http.call("POST", at.control("rooms/" + room + "/join"), Map.of("users", cast.rejoined));
        cast.expected.put(cast.shuffled.get(1), new MemberView(true, true, false));
        narrative.accept(room + ": " + cast.rejoined + " left and rejoined while " + cast.shuffled.get(1) + " was muted");
    }

    /**
     * Waits until every moderation replica that answers applies the room's policy at {@code revision} (or later). The
     * API answers once the policy is on its topic; each replica (and ingest) reads it from there a moment later, and a
     * spam message judged before that counts along the app default's ladder, not the room's. A story that starts its
     * chat right after setting the rules waits for them, as an operator would before opening a room.
     */
    private static void awaitPolicyInForce(Endpoints at, String room, long revision) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String replica : at.moderationReplicas()) {
            while (true) {
                JsonNode seen;
                try {
                    seen = Http.call("GET", replica + "/v1/policies/" + room, null);
                } catch (java.io.UncheckedIOException down) {
                    break; // a replica that is down reads the whole topic when it starts
                } catch (Http.Refused notYet) {
                    seen = Http.JSON.createObjectNode();
                }
                if (!seen.path("inherited").asBoolean(true) && seen.path("revision").asLong(-1) >= revision) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("moderation at " + replica + " did not apply " + room + "'s policy revision "
                            + revision + " within 30 s");
                }
                pause(Duration.ofMillis(100));
            }
        }
    }

    private static void say(Endpoints at, String room, String user, String text) {
        Http.call("POST", at.control("rooms/" + room + "/messages"), Map.of("from", user, "text", text));
    }

    /**
     * An operator's command through role-sync's API; retried, as an operator's tool would, while role-sync is down or
     * answers 5xx (say while Kafka is down), for up to two minutes.
     */
    private static void command(Endpoints at, String method, String room, String user, String action, Object body) {
        Http.callPatiently(method, at.roleSyncReplicas(), "/v1/rooms/" + room + "/members/" + user + "/" + action,
                body == null ? "{}" : body, Duration.ofMinutes(2));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
