package io.github.llr4j.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llr4j simulate}: toy simulations of the loss-reshaping mechanism (one subcommand each). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Toy simulations of loss reshaping: 'escape' (SGD escaping a sharp minimum, plain vs reshaped).",
    subcommands = {SimulateEscapeCommand.class})
public final class SimulateCommand implements Runnable {

  @Spec CommandSpec spec;

  /** Without a subcommand: the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
