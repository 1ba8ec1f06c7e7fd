package io.roomsync.scenario;

import io.roomsync.browser.Chromium;
import io.roomsync.browser.RoomPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's browser pages ({@code --browser-pages N}): real demo room pages (clients/web/demo, the emulator's
 * {@code /web/demo/}), each in a headless Chromium of its own (tools/browser), logged in as a viewer of one of the
 * scenario's rooms. A page joins through its own client ({@code joinGroup} over the emulator's browser side) and
 * shows what its {@code createRoomsync} store applied; the convergence check reads that from the page's DOM
 * ({@link PageView}), the same comparison as for the simulated clients.
 *
 * <p>The N pages are spread over the rooms in turn (the first N mod rooms rooms get one more than the others,
 * {@link #share}); page k of room ROOM is the user {@code ROOM_pagek}.
 */
final class BrowserPages implements Scenario.Audience, AutoCloseable {

    private final String pageUrl;
    private final int count;
    private final int rooms;
    private final Map<String, List<RoomPage>> byRoom = new LinkedHashMap<>();

    private BrowserPages(String pageUrl, int count, int rooms) {
        this.pageUrl = pageUrl;
        this.count = count;
        this.rooms = rooms;
    }

    /** No pages: the scenario's clients are all simulated. */
    static BrowserPages none() {
        return new BrowserPages(null, 0, 1);
    }

    /**
     * Pages to open as the scenario's {@code rooms} rooms open ({@link #join}), after checking that they can be: Chromium
     * and ChromeDriver are installed ({@link Chromium#installed()}) and {@code pageUrl} answers 200.
     *
     * @param pageUrl the demo room page, e.g. {@code http://127.0.0.1:8090/web/demo/}
     * @param count   pages in all, at least 0 (0 is {@link #none()})
     * @throws BrowserPagesUnavailable naming what is missing and how to get it
     */
    static BrowserPages check(String pageUrl, int count, int rooms) {
        if (count < 0) {
            throw new IllegalArgumentException("browser pages must be at least 0, not " + count);
        }
        if (count == 0) {
            return none();
        }
        if (!Chromium.installed()) {
            throw new BrowserPagesUnavailable("--browser-pages needs Chromium and ChromeDriver, and " + Chromium.missing());
        }
        int status;
        try {
            status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(
                    URI.create(pageUrl)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (status != 200) {
            throw new BrowserPagesUnavailable("--browser-pages needs the demo room page at " + pageUrl + " (the emulator serves it under"
                    + " make run), which answered " + (status < 0 ? "nothing" : "HTTP " + status));
        }
        return new BrowserPages(pageUrl, count, rooms);
    }

    /** How many pages there are in all. */
    int count() {
        return count;
    }

    /** Opens this room's share of the pages, each joined (snapshot read) before the next opens; their users. */
    @Override
    public List<String> join(String room, int roomIndex) {
        int share = share(count, rooms, roomIndex);
        if (share == 0) {
            return List.of();
        }
        List<RoomPage> pages = byRoom.computeIfAbsent(room, r -> new ArrayList<>());
        List<String> users = new ArrayList<>();
        for (int k = 0; k < share; k++) {
            String user = room + "_page" + k;
            pages.add(RoomPage.open(pageUrl, room, user));
            users.add(user);
        }
        return users;
    }

    /** How many of {@code count} pages room {@code roomIndex} (from 0) of {@code rooms} gets: in turn, the first rooms first. */
    static int share(int count, int rooms, int roomIndex) {
        return count / rooms + (roomIndex < count % rooms ? 1 : 0);
    }

    /** What every page shows now, by room. */
    Map<String, List<PageView>> read() {
        Map<String, List<PageView>> shown = new LinkedHashMap<>();
        byRoom.forEach((room, pages) -> shown.put(room, pages.stream().map(BrowserPages::read).toList()));
        return shown;
    }

    private static PageView read(RoomPage page) {
        try {
            return new PageView(page.user, page.listedBadges(), page.state(), page.inputDisabled(), page.adminControlsShown(),
                    page.changedAt());
        } catch (RuntimeException e) {
            // A page the browser cannot read (it crashed) shows nothing: a difference for every notable member.
            return new PageView(page.user, Map.of(), "unreadable (" + e.getClass().getSimpleName() + ")", false, false, 0);
        }
    }

    /** Stops every page's browser. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (List<RoomPage> pages : byRoom.values()) {
            for (RoomPage page : pages) {
                try {
                    page.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
        }
        byRoom.clear();
        if (first != null) {
            throw first;
        }
    }
}
