package io.github.llr4j.examples.cli;

import io.github.llr4j.examples.bench.TensorBoardBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llr4j bench tensorboard}: what writing TensorBoard event files costs a training step and an epoch. */
@Command(name = "tensorboard", mixinStandardHelpOptions = true,
    description = {"ResNet-20 (28x28x1, batch 128, sech) with TensorBoard event files: the listener's time",
        "inside one epoch (start, per step, epoch end), the step ratio with/without its per-step hook",
        "(interleaved; target <= 1.01) and its own cost per step."})
public final class TensorBoardBenchCommand implements Callable<Integer> {
  static final double TARGET = 1.01;

  @Spec CommandSpec spec;

  @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--steps", defaultValue = "40", description = "steps of the epoch with the listener (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--rounds", defaultValue = "30", description = "interleaved rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--steps-per-turn", defaultValue = "3", description = "timed steps per variant per round (default ${DEFAULT-VALUE})")
  int stepsPerTurn;

  @Option(names = "--listener-steps", defaultValue = "20000",
      description = "steps of the listener timed alone (default ${DEFAULT-VALUE})")
  int listenerSteps;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (batchSize < 1 || steps < 1 || rounds < 1 || stepsPerTurn < 1 || listenerSteps < 1)
      throw new IllegalArgumentException("--batch-size, --steps, --rounds, --steps-per-turn and --listener-steps must be"
          + " >= 1, got " + batchSize + ", " + steps + ", " + rounds + ", " + stepsPerTurn + ", " + listenerSteps);
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("llr4j-bench-tensorboard");
    try {
      TensorBoardBench.Result r = TensorBoardBench.run(batchSize, steps, rounds, stepsPerTurn, listenerSteps, seed,
          dir, out);
      out.printf(Locale.ROOT, "epoch of %d steps with the listener: median step %.1f ms; inside it the listener took"
          + " %.1f us per step, %.2f s to start (event file, graph) and %.2f s at the epoch's end (histograms, gradient"
          + " pass, image grid, flush)%n", steps, r.fitStepMs(), r.inLoopMicrosPerStep(), r.startSeconds(),
          r.epochEndSeconds());
      out.printf(Locale.ROOT, "median step: %.1f ms without, %.1f ms with the per-step hook%n", r.offStepMs(),
          r.onStepMs());
      out.printf(Locale.ROOT, "step ratio with/without: %.4f +- %.4f (target <= %.2f: %s)%n", r.stepRatio(),
          r.stepRatioSe(), TARGET, r.stepRatio() <= TARGET ? "met"
              : r.stepRatio() - 2 * r.stepRatioSe() <= TARGET ? "NOT met, but within two standard errors" : "NOT met");
      out.printf(Locale.ROOT, "listener alone: %.1f us per step (amortised over its batched writes) = %.3f%% of the"
          + " step%n", r.listenerMicrosPerStep(), 100 * r.listenerMicrosPerStep() / 1e3 / r.offStepMs());
      out.println("ratio: median over rounds of the per-round ratio of medians (+-se bootstrap over rounds)");
      out.flush();
      return 0;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        out.println("could not remove " + dir + ": " + e.getMessage());
      }
    }
  }
}
