package io.roomsync.rolesync.adapter.http;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.adapter.kafka.MemberQueries;
import io.roomsync.rolesync.adapter.kafka.Reconciler;
import io.roomsync.tim.TimApp;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import io.roomsync.security.spring.TestCallers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.roomsync.support.http.AsciiNumbers;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * role-sync API errors in the {"error":..} shape. {@code POST /v1/rooms/{roomId}/reconcile} when Tencent answers with an error: a room Tencent does not have is 404,
 * never a 500 with a stack trace (issue 12, case 6); Tencent failing is 503.
 */
class MemberApiErrorsTest {

    private final Reconciler reconciler = mock(Reconciler.class);
    private final MemberQueries queries = mock(MemberQueries.class);
    private final MockMvc api = api(reconciler, queries);

    @BeforeEach
    void signIn() {
        TestCallers.signIn();
    }

    @AfterEach
    void signOut() {
        TestCallers.signOut();
    }

    @Test
    void aRoomTencentDoesNotHaveIsNotFound() throws Exception {
        // Given Tencent answers 10010 (group does not exist) for get_admin_list
        when(reconciler.reconcile(anyLong(), anyString())).thenThrow(tencent(10010));

        // When the room is reconciled, Then 404 names the room
        api.perform(post("/v1/rooms/no_such_room/reconcile"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":\"room no_such_room not found in Tencent IM (error 10010)\"}", true));
    }

    @Test
    void oddRoomIdsTencentRefusesAreNotFoundToo() throws Exception {
        when(reconciler.reconcile(anyLong(), anyString())).thenThrow(tencent(10015));

        // '..' and '%2F' (sent as %252F) are printable ASCII ids, so role-sync asks Tencent, which refuses them
        api.perform(post("/v1/rooms/{room}/reconcile", ".."))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":\"room .. not found in Tencent IM (error 10015)\"}", true));
        api.perform(post(URI.create("/v1/rooms/%252F/reconcile")))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":\"room %2F not found in Tencent IM (error 10015)\"}", true));
    }

    @Test
    void aClientAskingForHtmlStillGetsTheJsonError() throws Exception {
        // Given Tencent does not have the room, and a client that accepts only text/html
        when(reconciler.reconcile(anyLong(), anyString())).thenThrow(tencent(10010));

        // When the room is reconciled, Then the answer is the 404 in the API's JSON shape (not a 500 from negotiation)
        api.perform(post("/v1/rooms/no_such_room/reconcile").accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("{\"error\":\"room no_such_room not found in Tencent IM (error 10010)\"}", true));
    }

    @Test
    void aCommandWithoutResultIsNotFoundInTheApiShape() throws Exception {
        // Given no result for a command id, When it is asked for, Then 404 {"error":..} with the id and the status to poll on
        api.perform(get("/v1/commands/c-1"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":\"no result for command c-1 yet: it is pending, or unknown\","
                        + "\"commandId\":\"c-1\",\"status\":\"PENDING_OR_UNKNOWN\"}", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "１４００００００００", "01400000000", "+1400000000", "1400000000.0"})
    void anAppIdNotInCanonicalAsciiDigitsIsABadRequest(String app) throws Exception {
        // Given ?app= written otherwise than in canonical ASCII digits (Spring alone read "１４００００００００" as the app)
        // When a member is reconciled, Then 400 in the API's shape, and Tencent is never asked
        api.perform(post("/v1/rooms/live_1/reconcile").queryParam("app", app))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"app has the wrong type\"}", true));
        verifyNoInteractions(reconciler);
    }

    @Test
    void tencentNotAnsweringIsUnavailable() throws Exception {
        when(reconciler.reconcile(anyLong(), anyString())).thenThrow(tencent(TimException.TRANSPORT_FAILURE));

        api.perform(post("/v1/rooms/live_1/reconcile"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().json(
                        "{\"error\":\"Tencent IM could not be asked about room live_1 now (error -1); try again later\"}", true));
    }

    private static TimException tencent(int code) {
        return new TimException("group_open_http_svc/get_admin_list", code, "from Tencent", 1, null);
    }

    private static MockMvc api(Reconciler reconciler, MemberQueries queries) {
        TimApps apps = mock(TimApps.class);
        when(apps.first()).thenReturn(new TimApp(1400000000L, URI.create("http://127.0.0.1:1"), "administrator", "key"));
        MemberApi api = new MemberApi(mock(CommandPublisher.class), queries, reconciler, apps,
                mock(RoleSyncProperties.class));
        // AsciiNumbers: every service's HTTP edge installs it (libs/service-support), whole numbers in ASCII digits only
        return MockMvcBuilders.standaloneSetup(api).setControllerAdvice(new ApiErrors(), new AsciiNumbers()).build();
    }
}
