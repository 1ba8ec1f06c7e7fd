package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help}: printed without a picocli warning, and saying what each option and argument is. */
class HelpTest {

    /** Every command of {@code roomsync}, nested ones included, as the words typed after {@code roomsync}. */
    static Stream<String> commands() {
        List<String> paths = new ArrayList<>();
        collect(RoomsyncCli.commandLine().getCommandSpec(), "", paths);
        return paths.stream();
    }

    private static void collect(CommandSpec command, String path, List<String> paths) {
        paths.add(path);
        command.subcommands().forEach((name, sub) -> {
            // A subcommand is listed under its name and its aliases: walk it once, under its name.
            if (name.equals(sub.getCommandName())) {
                collect(sub.getCommandSpec(), (path + " " + name).strip(), paths);
            }
        });
    }

    @ParameterizedTest(name = "roomsync {0} --help")
    @MethodSource("commands")
    void helpIsPrintedWithoutWarnings(String command) {
        // Given the command line, with picocli's warnings (written to System.err) captured
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            // When its help is asked for
            exit = RoomsyncCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args(command, "--help"));
        } finally {
            System.setErr(original);
        }

        // Then the help is printed, and nothing else: no warning, no error
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: roomsync" + (command.isEmpty() ? "" : " " + command));
        assertThat(err.toString()).isEmpty();
        assertThat(systemErr.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest(name = "roomsync {0}")
    @MethodSource("commands")
    void everyOptionAndArgumentIsDescribedWithItsDefault(String command) {
        // Given the command's model
        CommandSpec spec = RoomsyncCli.commandLine().getCommandSpec();
        for (String name : args(command)) {
            spec = spec.subcommands().get(name).getCommandSpec();
        }

        // Then every option and positional argument has a description, and one with a default value shows it
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            String label = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
            String description = String.join(" ", arg.description());
            assertThat(description).as("description of %s", label).isNotBlank();
            // A default is shown unless hidden on purpose (a secret key's, say).
            if (arg.defaultValue() != null && arg.showDefaultValue() != CommandLine.Help.Visibility.NEVER) {
                assertThat(description).as("description of %s", label).contains("default " + arg.defaultValue());
            }
        }
    }

    private static String[] args(String command, String... more) {
        List<String> words = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        words.addAll(List.of(more));
        return words.toArray(String[]::new);
    }
}
