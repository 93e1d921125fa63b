package io.github.llr4j.examples.cli;

import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.examples.bench.ReshapeBench;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llr4j bench}: performance checks that print ratios measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks (ratios measured in one run, variants interleaved).",
    subcommands = {BenchCommand.Reshape.class})
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code llr4j bench reshape}: training-step time of every reshaping function vs plain. */
  @Command(name = "reshape", mixinStandardHelpOptions = true,
      description = {"Median training-step time of a small CNN (28x28x1, batch 128, momentum SGD)",
          "with each reshaping function, and its ratio to plain cross-entropy. Target: ratio <= 1.02."})
  public static final class Reshape implements Callable<Integer> {
    static final double TARGET = 1.02;

    @Spec CommandSpec spec;

    @Option(names = "--functions", paramLabel = "f1,f2,..",
        description = "reshaping functions to compare with plain (default: the whole catalogue)")
    String functions;

    @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--rounds", defaultValue = "30",
        description = "interleaved rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps-per-turn", defaultValue = "5",
        description = "timed steps per objective per round (default ${DEFAULT-VALUE})")
    int stepsPerTurn;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed steps each (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
      List<String> names = functions == null ? Reshapers.names() : Args.names("--functions", functions);
      for (String n : names) Reshapers.create(n, java.util.Map.of());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("model %s, batch %d, momentum SGD; each objective's own graph and session%n",
          ReshapeBench.model().name(), batchSize);
      List<ReshapeBench.Row> rows = ReshapeBench.run(names, batchSize, warmup, rounds, stepsPerTurn, seed, out);
      out.printf("%-10s %12s %10s %10s %8s%n", "objective", "median ms", "p25", "p75", "ratio*");
      boolean ok = true;
      for (ReshapeBench.Row r : rows) {
        out.printf("%-10s %12.3f %10.3f %10.3f %8.3f%n", r.name(), r.medianMs(), r.p25Ms(), r.p75Ms(), r.ratio());
        if (r.ratio() > TARGET) ok = false;
      }
      out.println("* median over rounds of (objective median / plain median) within the round");
      double worst = rows.stream().mapToDouble(ReshapeBench.Row::ratio).max().orElse(1);
      out.printf("worst ratio %.3f; target <= %.2f: %s%n", worst, TARGET, ok ? "met" : "NOT met");
      return 0;
    }
  }
}
