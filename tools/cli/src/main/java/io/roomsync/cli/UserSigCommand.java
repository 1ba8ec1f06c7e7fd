package io.roomsync.cli;

import io.roomsync.tim.UserSig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code roomsync usersig}: a UserSig (TLSSigAPIv2) for a test client or a REST call. */
@Command(name = "usersig", mixinStandardHelpOptions = true,
        description = "Print a Tencent IM UserSig (TLSSigAPIv2), e.g. for a web test client or a curl against the emulator.")
public class UserSigCommand implements Callable<Integer> {

    @Option(names = "--sdkappid", paramLabel = "N", description = "the app (default ${DEFAULT-VALUE}, the dev app)",
            defaultValue = "${env:ROOMSYNC_IM_SDK_APP_ID:-1400000000}")
    long sdkAppId;

    // The key is a secret: its default (maybe from the environment) is never printed in the help.
    @Option(names = "--key", paramLabel = "SECRET", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "the app's secret key (env ROOMSYNC_IM_SECRET_KEY, default: the dev key)",
            defaultValue = "${env:ROOMSYNC_IM_SECRET_KEY:-ba136a479680746a60a10f986c0adefe23821082da24e74bb2697fe54bcbb1fe}")
    String key;

    @Option(names = "--user", paramLabel = "USER", required = true, description = "whose signature")
    String user;

    @Option(names = "--expire", paramLabel = "SECONDS", defaultValue = "86400",
            description = "validity in seconds (default ${DEFAULT-VALUE}; Tencent advises at least a day)")
    long expire;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(UserSig.generate(sdkAppId, key, user, expire, System.currentTimeMillis() / 1000));
        return 0;
    }
}
