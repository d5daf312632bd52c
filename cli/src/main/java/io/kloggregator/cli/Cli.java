package io.kloggregator.cli;

import java.time.Clock;
import picocli.CommandLine;

/**
 * The command tree: {@code logs APP ...} with the subcommands {@code drains}, {@code replay},
 * {@code rebuild-router-state} and {@code token}. A usage error prints what is wrong and where to
 * look (two lines, exit {@link ExitCode#USAGE}); a {@link CliException} becomes its message on
 * standard error and its exit code; anything else is a bug, printed with its stack trace, exit 1.
 */
final class Cli {

  private final Terminal terminal;

  Cli(Terminal terminal) {
    this.terminal = terminal;
  }

  CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LogsCommand(terminal))
        .addSubcommand("replay", new ReplayCommand(terminal))
        .addSubcommand("drains", new DrainsCommand(terminal))
        .addSubcommand("rebuild-router-state", new RebuildRouterStateCommand(terminal))
        .addSubcommand("token", new TokenCommand(terminal, Clock.systemUTC()));
    cli.setOut(terminal.out());
    cli.setErr(terminal.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(this::usageError);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliException failure) {
        if (!failure.getMessage().isEmpty()) {
          terminal.err().println(failure.getMessage());
        }
        terminal.err().flush();
        return failure.exitCode();
      }
      if (e instanceof InterruptedException) {
        return ExitCode.INTERRUPTED;
      }
      throw e;
    });
    return cli;
  }

  /** What is wrong, then the command's synopsis and where the full help is: no help page. */
  private int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    terminal.err().println(name + ": " + e.getMessage());
    terminal.err().println("usage: " + name + " " + synopsis(command) + "; try '" + name
        + " --help'");
    terminal.err().flush();
    return ExitCode.USAGE;
  }

  private static String synopsis(CommandLine command) {
    StringBuilder out = new StringBuilder();
    command.getCommandSpec().positionalParameters()
        .forEach(p -> out.append(p.paramLabel()).append(' '));
    return out.append("[OPTIONS]").toString();
  }

  /** Runs {@code args}; returns the exit code. */
  int run(String... args) {
    int code = commandLine().execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }
}
