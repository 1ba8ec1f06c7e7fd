package io.roomsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code roomsync}: the command line of roomsync. */
// Inherited: every subcommand, nested ones too, has --help and --version.
@Command(name = "roomsync", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "roomsync 0.1.0",
        description = "Look at roomsync's topics and drive roomsync and the Tencent IM emulator from a shell.",
        subcommands = {TailCommand.class, DlqCommand.class, UserSigCommand.class, TokenCommand.class, EmulatorCommand.class,
                ModerationCommand.class, ScenarioCommand.class, FailoverCommand.class,
                FuzzCommand.class,
                CommandLine.HelpCommand.class})
public final class RoomsyncCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RoomsyncCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
