package io.roomsync.cli;

import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roomsync token}: a development bearer token for roomsync's APIs (README, "Security"), signed with the
 * repository's development key ({@link DevTokens}); only services running the dev profile trust it.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a development bearer token for roomsync's APIs (trusted by the dev profile only), e.g.",
                "  curl -H \"Authorization: Bearer $(bin/roomsync token --scope members:write)\" ..."})
public class TokenCommand implements Callable<Integer> {

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
            description = "a scope to grant (repeat or comma-separate; 'all' for every one): "
                    + "members:read, members:write, admins:write, rooms:reconcile, policies:read, policies:write, decisions:read, "
                    + "programmes:read, programmes:write")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--app", paramLabel = "N", split = ",",
            description = "limit the token to these IM apps (claim roomsync_apps); default: every app")
    List<Long> apps;

    @Option(names = "--subject", paramLabel = "S", defaultValue = DevTokens.DEFAULT_SUBJECT,
            description = "who acts: recorded as the requester (default ${DEFAULT-VALUE})")
    String subject;

    @Option(names = "--client", paramLabel = "ID", description = "the client_id the token was issued to (optional)")
    String clientId;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "how long it is valid: 90s, 30m, 1h, 2d (default ${DEFAULT-VALUE})")
    String ttl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (scopes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "at least one --scope is needed (or --scope all)");
        }
        DevTokens.Token token = DevTokens.token().subject(subject).ttl(duration(ttl));
        for (String scope : scopes) {
            if (scope.equals("all")) {
                token.scopes(ApiScope.ALL);
            } else if (ApiScope.ALL.contains(scope)) {
                token.scopes(scope);
            } else {
                throw new ParameterException(spec.commandLine(), "unknown scope '" + scope + "'; known: "
                        + String.join(", ", ApiScope.ALL) + ", all");
            }
        }
        if (apps != null) {
            token.apps(apps);
        }
        if (clientId != null) {
            token.clientId(clientId);
        }
        spec.commandLine().getOut().println(token.mint());
        return 0;
    }

    private Duration duration(String text) {
        try {
            return Duration.parse(text.matches("[0-9]+[dD]") ? "P" + text : "PT" + text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--ttl: not a duration like 90s, 30m, 1h or 2d: " + text);
        }
    }
}
