package io.github.llr4j.examples;

import io.github.llr4j.examples.cli.AttackCommand;
import io.github.llr4j.examples.cli.BenchCommand;
import io.github.llr4j.examples.cli.ClassifyCommand;
import io.github.llr4j.examples.cli.ConnectCommand;
import io.github.llr4j.examples.cli.CliErrors;
import io.github.llr4j.examples.cli.CompareCommand;
import io.github.llr4j.examples.cli.DemoCommand;
import io.github.llr4j.examples.cli.DoctorCommand;
import io.github.llr4j.examples.cli.ExplainCommand;
import io.github.llr4j.examples.cli.HelpCommand;
import io.github.llr4j.examples.cli.LandscapeCommand;
import io.github.llr4j.examples.cli.ModelsCommand;
import io.github.llr4j.examples.cli.PredictCommand;
import io.github.llr4j.examples.cli.PretrainCommand;
import io.github.llr4j.examples.cli.TrainCommand;
import io.github.llr4j.examples.cli.ReshapeCommand;
import io.github.llr4j.examples.cli.SimulateCommand;
import io.github.llr4j.examples.cli.TrajectoriesCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code llr4j} program (started by the {@code ./llr4j} launcher script, which
 * also implements {@code llr4j test}). Exit codes: 0 success, 2 a failure the user can fix (one line
 * on stderr), 1 a bug or an environment failure (with its stack trace); see {@link CliErrors}.
 */
@Command(
    name = "llr4j",
    mixinStandardHelpOptions = true,
    versionProvider = Llr4j.Version.class,
    description = "Loss landscape reshaping for TensorFlow-Java.",
    subcommands = {
      DemoCommand.class,
      ExplainCommand.class,
      TrainCommand.class,
      PretrainCommand.class,
      PredictCommand.class,
      ClassifyCommand.class,
      AttackCommand.class,
      LandscapeCommand.class,
      CompareCommand.class,
      ConnectCommand.class,
      TrajectoriesCommand.class,
      ReshapeCommand.class,
      SimulateCommand.class,
      ModelsCommand.class,
      DoctorCommand.class,
      BenchCommand.class,
      HelpCommand.class
    })
public final class Llr4j implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Read by {@link CliErrors} from the parse result; inherited, so every command accepts it. */
  @CommandLine.Option(names = CliErrors.VERBOSE_OPTION, scope = CommandLine.ScopeType.INHERIT,
      description = "on an error, print its stack trace too (also: environment LLR4J_VERBOSE=1)")
  boolean verbose;

  /** Without a subcommand: the usage, so that {@code ./llr4j} alone is self-explaining. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().println("  test      (launcher only) install test data and run all tests: ./llr4j test");
  }

  /**
   * Runs the program with the given streams and returns its exit code, without exiting the JVM
   * (tests call this in-process).
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, CliErrors.verboseEnv(System.getenv(CliErrors.VERBOSE_ENV)), args);
  }

  /** As {@link #run(PrintWriter, PrintWriter, String...)}, with LLR4J_VERBOSE's effect given. */
  public static int run(PrintWriter out, PrintWriter err, boolean verboseEnv, String... args) {
    CommandLine cl = new CommandLine(new Llr4j());
    cl.setOut(out);
    cl.setErr(err);
    CliErrors.install(cl, verboseEnv);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    int code =
        run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }

  /** The project version from the examples jar manifest, or "development build". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Llr4j.class.getPackage().getImplementationVersion();
      return new String[] {"llr4j " + (v == null ? "0.1.0-SNAPSHOT (development build)" : v)};
    }
  }
}
