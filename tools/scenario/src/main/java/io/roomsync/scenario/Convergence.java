package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a scenario settles, for every member of every room: what the scenario asked for, Tencent's truth (the
 * emulator), role-sync's state and what every client in the room believes must agree on who is admin, muted and
 * banned. A difference names the
 * member and the parties; a notice delivered twice to a client counts as a difference too. Browser pages (real demo
 * room pages, {@code --browser-pages}) are checked the same way from what they show ({@link PageView}): every
 * member's badges, and their own viewer's screen (state, chat input, admin controls).
 */
final class Convergence {

    /** The outcome: members, simulated client views and browser pages compared, and every difference found. */
    record Result(int members, int clientViews, int notices, int browserPages, List<String> differences) {
        boolean converged() {
            return differences.isEmpty();
        }

        String summary() {
            return String.format("%d members, %d client views (%d notices applied)%s: %s", members, clientViews, notices,
                    browserPages == 0 ? "" : ", " + browserPages + " browser pages",
                    converged() ? "CONVERGED" : differences.size() + " differences");
        }
    }

    private Convergence() {
    }

    static Result check(Endpoints at, Scenario.Played played) {
        return check(at, played, Map.of());
    }

    /**
     * The check, with what each room's browser pages show ({@code pagesByRoom}, read just before; none for a room
     * without pages).
     */
    static Result check(Endpoints at, Scenario.Played played, Map<String, List<PageView>> pagesByRoom) {
        long now = System.currentTimeMillis();
        List<String> differences = new ArrayList<>();
        int members = 0;
        int views = 0;
        int notices = 0;
        int pageViews = 0;
        for (Map.Entry<String, List<String>> room : played.viewersByRoom().entrySet()) {
            String id = room.getKey();
            JsonNode tencent = Http.call("GET", at.control("rooms/" + id), null);
            Set<String> admins = names(tencent.path("admins"));
            Set<String> muted = fieldNames(tencent.path("muted"));
            Set<String> banned = fieldNames(tencent.path("banned"));
            Set<String> stateAdmins = users(Http.onAnyReplica("GET", at.roleSyncReplicas(), "/v1/rooms/" + id + "/members?role=admin", null));
            Set<String> stateMuted = users(Http.onAnyReplica("GET", at.roleSyncReplicas(), "/v1/rooms/" + id + "/members?role=muted", null));
            Set<String> stateBanned = users(Http.onAnyReplica("GET", at.roleSyncReplicas(), "/v1/rooms/" + id + "/members?role=banned", null));
            JsonNode snapshot = Http.call("GET", at.control("rooms/" + id + "/attributes"), null);
            List<ClientView> clients = new ArrayList<>();
            List<String> clientNames = new ArrayList<>();
            for (String viewer : room.getValue()) {
                if (banned.contains(viewer)) {
                    continue;
                }
                ClientView view = new ClientView();
                view.applyInbox(Http.call("GET", at.control("clients/" + viewer + "/inbox?room=" + id), null));
                if (played.rejoinedByRoom().getOrDefault(id, Set.of()).contains(viewer)) {
                    view.applySnapshot(snapshot);
                }
                notices += view.notices;
                if (view.duplicates > 0) {
                    differences.add(id + ": client " + viewer + " received " + view.duplicates + " notices twice, first "
                            + view.firstDuplicate);
                }
                clients.add(view);
                clientNames.add(viewer);
            }
            views += clients.size();
            List<PageView> pages = pagesByRoom.getOrDefault(id, List.of());
            pageViews += pages.size();
            for (String member : played.membersOf(id)) {
                members++;
                MemberView truth = new MemberView(admins.contains(member), muted.contains(member), banned.contains(member));
                MemberView expected = played.expectedByRoom().getOrDefault(id, Map.of()).getOrDefault(member, MemberView.PLAIN);
                if (!truth.equals(expected)) {
                    differences.add(id + "/" + member + ": the scenario asked for " + expected + ", Tencent says " + truth);
                }
                MemberView state = new MemberView(stateAdmins.contains(member), stateMuted.contains(member), stateBanned.contains(member));
                if (!truth.equals(state)) {
                    differences.add(id + "/" + member + ": Tencent says " + truth + ", role-sync says " + state);
                }
                for (int c = 0; c < clients.size(); c++) {
                    MemberView seen = clients.get(c).of(member, now);
                    if (!seen.equals(truth)) {
                        differences.add(id + "/" + member + ": Tencent says " + truth + ", client " + clientNames.get(c) + " believes " + seen);
                    }
                }
                for (PageView page : pages) {
                    MemberView shown = page.of(member);
                    if (!shown.equals(truth)) {
                        differences.add(id + "/" + member + ": Tencent says " + truth + ", the browser page of " + page.user()
                                + " shows " + shown);
                    }
                    if (member.equals(page.user())) {
                        page.ownScreenDifferences(truth).forEach(difference -> differences.add(id + "/" + member
                                + ": Tencent says " + truth + ", and their browser page " + difference));
                    }
                }
            }
        }
        return new Result(members, views, notices, pageViews, differences);
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> users(JsonNode members) {
        Set<String> users = new HashSet<>();
        members.forEach(member -> users.add(member.path("user").asText()));
        return users;
    }
}
