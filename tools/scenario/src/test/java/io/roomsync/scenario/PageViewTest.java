package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A browser page's screen, as the convergence check reads it: badges per member, and its own viewer's screen. */
class PageViewTest {

    private static final MemberView MUTED = new MemberView(false, true, false);
    private static final MemberView ADMIN = new MemberView(true, false, false);

    @Test
    void badgesAreTheMembersStateAndAMemberNotListedIsPlain() {
        // Given a page listing an owner, an admin who is muted, a banned member, a plain member and itself
        PageView page = new PageView("p0", Map.of("host", List.of("owner"), "amy", List.of("admin", "muted"),
                "bob", List.of("banned"), "cat", List.of(), "p0", List.of()), "member", false, false, 0);

        // When the check asks what it shows of each, Then each is as its badges say, and dan (not listed) is plain
        assertThat(page.of("host")).isEqualTo(ADMIN);
        assertThat(page.of("amy")).isEqualTo(new MemberView(true, true, false));
        assertThat(page.of("bob")).isEqualTo(new MemberView(false, false, true));
        assertThat(page.of("cat")).isEqualTo(MemberView.PLAIN);
        assertThat(page.of("dan")).isEqualTo(MemberView.PLAIN);
    }

    @Test
    void aMutedViewersScreenAgreesWhenItSaysMutedAndClosesTheInput() {
        // Given a muted viewer's page saying "muted", its input closed, no admin controls
        PageView page = new PageView("p0", Map.of("p0", List.of("muted")), "muted", true, false, 0);

        // When its own screen is compared with the truth, Then there is no difference
        assertThat(page.ownScreenDifferences(MUTED)).isEmpty();
    }

    @Test
    void aScreenBehindTheTruthNamesEachPartThatIsWrong() {
        // Given a page still showing its viewer as a plain member: input open, no admin controls
        PageView page = new PageView("p1", Map.of(), "member", false, false, 0);

        // When the truth is that the viewer is admin and muted
        List<String> differences = page.ownScreenDifferences(new MemberView(true, true, false));

        // Then the state, the input and the admin controls are each named
        assertThat(differences).containsExactly("shows its viewer as member, not muted", "leaves the chat input open",
                "hides the admin controls");
    }

    @Test
    void aScreenAheadOfTheTruthNamesTheInputAndControlsLeftOver() {
        // Given a page showing its viewer as admin with the controls, and its input closed
        PageView page = new PageView("p1", Map.of(), "admin", true, true, 0);

        // When the truth is a plain member
        List<String> differences = page.ownScreenDifferences(MemberView.PLAIN);

        // Then each leftover is named
        assertThat(differences).containsExactly("shows its viewer as admin, not member", "keeps the chat input closed",
                "shows the admin controls");
    }

    @Test
    void anAdminsScreenAgreesWhenItShowsTheControlsWithTheInputOpen() {
        // Given an admin's page: state admin, input open, controls shown
        PageView page = new PageView("p1", Map.of("p1", List.of("admin")), "admin", false, true, 0);

        // When compared with the truth (admin), Then there is no difference
        assertThat(page.ownScreenDifferences(ADMIN)).isEmpty();
    }
}
