package io.github.llr4j.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code llr4j help [COMMAND [SUBCOMMAND ...]]}: the usage of the named command at any depth
 * ({@code llr4j help bench vision} is {@code bench vision}'s help). picocli's built-in help
 * command only looks at the first name and prints {@code bench}'s help there.
 */
@Command(name = "help", helpCommand = true,
    description = "Display help information about the specified command (e.g. help bench vision).")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "the command, and its subcommands, to show the usage of")
  String[] commands = {};

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    StringBuilder path = new StringBuilder(target.getCommandName());
    for (String name : commands) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new ParameterException(self, "unknown command '" + name + "' after '" + path + "'; commands: "
            + (target.getSubcommands().isEmpty() ? "none" : String.join(", ", target.getSubcommands().keySet())));
      }
      target = sub;
      path.append(' ').append(name);
    }
    target.usage(out, colors);
    out.flush();
  }
}
