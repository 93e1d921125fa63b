package io.github.llr4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The program's error policy. Invalid input (a picocli parse error, an
 * {@link IllegalArgumentException} from a command or the library, or a missing or unreadable
 * input file, reported as an IOException naming it) is the user's to fix: one line on stderr,
 * {@code llr4j <command>: <reason>}, and exit code {@value #INVALID_INPUT}, no stack trace.
 * Anything else is a bug or an environment failure: its stack trace is printed and the exit code
 * is 1.
 */
public final class CliErrors {

  /** Exit code for invalid input. */
  public static final int INVALID_INPUT = 2;

  private CliErrors() {}

  /** Installs both handlers on {@code cl} (subcommands inherit them). */
  public static void install(CommandLine cl) {
    cl.setParameterExceptionHandler(CliErrors::onParameterError);
    cl.setExecutionExceptionHandler(CliErrors::onExecutionError);
  }

  private static int onParameterError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    cl.getErr().println(prefix(cl) + e.getMessage() + " (see " + cl.getCommandSpec().qualifiedName()
        + " --help)");
    return INVALID_INPUT;
  }

  private static int onExecutionError(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    // a missing or corrupt input file is the user's to fix too; the message names the file
    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
        || e instanceof java.io.IOException) {
      cl.getErr().println(prefix(cl) + oneLine(e.getMessage()));
      return INVALID_INPUT;
    }
    cl.getErr().println(prefix(cl) + e);
    e.printStackTrace(cl.getErr());
    return 1;
  }

  private static String prefix(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName() + ": ";
  }

  private static String oneLine(String message) {
    if (message == null) return "invalid input";
    // TensorFlow appends the failing node ("[[{{node reshape/logexp/AssertThat}}]]"): graph detail, not advice
    return message.replaceAll("\\s*\\[\\[\\{\\{node [^}]*}}]]", "").replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
