package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomsync.security.DevTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code roomsync token}: a development token for curl, with the scopes, apps, subject and lifetime asked for. */
class TokenCommandTest {

    @Test
    void printsATokenSignedWithTheDevelopmentKeySayingWhatWasAsked() throws Exception {
        // When a token is asked for two scopes, one app, a subject and 30 minutes
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new RoomsyncCli()).setOut(new PrintWriter(out))
                .execute("token", "--scope", "members:write,members:read", "--app", "1400000000", "--subject", "alice", "--ttl", "30m");

        // Then it is signed with the development key, and says exactly that
        assertThat(exit).isZero();
        SignedJWT jwt = SignedJWT.parse(out.toString().trim());
        assertThat(jwt.verify(new RSASSAVerifier(RSAKey.parse(DevTokens.publicKeyJson())))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(DevTokens.ISSUER);
        assertThat(claims.getAudience()).containsExactly(DevTokens.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("scope")).isEqualTo("members:write members:read");
        assertThat(claims.getListClaim("roomsync_apps")).isEqualTo(List.of(1400000000L));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anUnknownScopeIsRefusedNamingTheKnownOnes() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RoomsyncCli()).setErr(new PrintWriter(err)).execute("token", "--scope", "admin");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scope 'admin'; known: members:read, members:write, admins:write, "
                + "rooms:reconcile, policies:read, policies:write, decisions:read, programmes:read, programmes:write, all");
    }
}
