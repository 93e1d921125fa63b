package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.examples.bench.AttackBench;
import io.github.llr4j.examples.bench.OpProfile;
import io.github.llr4j.examples.bench.ThreadSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llr4j bench attack}: PGD examples per second, iterate-by-iterate vs fused graph, and PyTorch. */
@Command(name = "attack", mixinStandardHelpOptions = true,
    description = {"PGD-Linf (random start, one restart) on a ResNet-20 in inference mode, random images:",
        "median ms per attacked batch and examples/s with one Session.run per iterate and with the fused",
        "graph (what llr4j attack uses), interleaved; --torch adds the same attack in PyTorch",
        "(python3-torch) to the rounds, for the ratio llr4j/pytorch (target <= 0.9). --standalone N then",
        "times each variant alone too (N attacks each); --profile K prints TensorFlow's trace of one iterate."})
public final class BenchAttackCommand implements Callable<Integer> {
  /** llr4j-fused / pytorch time target (issue 18). */
  static final double TARGET = 0.9;

  @Spec CommandSpec spec;

  @Mixin TorchBenchOptions common;

  @Option(names = "--batch-size", defaultValue = "128", description = "examples per attack (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--shape", defaultValue = "28x28x1", description = "HxWxC (default ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--eps", defaultValue = "0.1", description = "Linf radius (default ${DEFAULT-VALUE})")
  double eps;

  @Option(names = "--step-size", defaultValue = "0.01", description = "step size (default ${DEFAULT-VALUE})")
  double stepSize;

  @Option(names = "--steps", defaultValue = "20", description = "PGD iterations (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--rounds", defaultValue = "10", description = "interleaved rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--steps-per-turn", defaultValue = "1",
      description = "timed attacks per variant per round (default ${DEFAULT-VALUE})")
  int stepsPerTurn;

  @Option(names = "--profile", paramLabel = "K",
      description = "then trace one iterate (forward + input gradient) and print its K most costly kernel types (0 = off)")
  int profile;

  @Override
  public Integer call() {
    if (batchSize < 1 || steps < 1 || rounds < 1 || stepsPerTurn < 1)
      throw new IllegalArgumentException("--batch-size, --steps, --rounds and --steps-per-turn must be >= 1, got "
          + batchSize + ", " + steps + ", " + rounds + ", " + stepsPerTurn);
    common.check();
    Require.that(profile >= 0, "--profile", "be >= 0 (kernel types to print; 0 = off)", profile);
    int[] hwc = Args.shape("--shape", shape);
    PrintWriter out = spec.commandLine().getOut();
    AttackBench.Result r = AttackBench.run(new AttackBench.Settings(batchSize, hwc[0], hwc[1], hwc[2], eps, stepSize,
        steps), common.warmup, rounds, stepsPerTurn, common.standalone, common.seed, common.torch, common.torchThreads(),
        profile > 0, out);
    out.println(ThreadSettings.tensorflow() + (r.torch() == null ? "" : "; " + r.torch().describe()));
    print(out, "interleaved", r.interleaved());
    if (!r.standalone().isEmpty()) print(out, "standalone", r.standalone());
    out.println("* time / pytorch's, ** time / llr4j-iterative's: interleaved, the median over rounds of the per-round"
        + " ratio; standalone, the ratio of medians; +-se bootstrap standard errors");
    for (String mode : List.of("interleaved", "standalone")) {
      List<AttackBench.Row> rows = mode.equals("interleaved") ? r.interleaved() : r.standalone();
      rows.stream().filter(x -> x.name().equals(AttackBench.FUSED) && !Double.isNaN(x.overTorch())).findFirst()
          .ifPresent(x -> out.printf(Locale.ROOT, "%s: llr4j (fused) / pytorch %.3f +- %.3f (target <= %.1f: %s)%n",
              mode, x.overTorch(), x.overTorchSe(), TARGET, x.overTorch() <= TARGET ? "met" : "NOT met"));
    }
    if (profile > 0) printProfile(out, r.profile(), profile);
    out.flush();
    return 0;
  }

  static void printProfile(PrintWriter out, List<OpProfile.Entry> kernels, int top) {
    double total = kernels.stream().mapToDouble(OpProfile.Entry::ms).sum();
    out.printf(Locale.ROOT, "one iterate traced (forward + input gradient, batch as above): %.1f ms summed over kernels%n",
        total);
    out.printf("%-40s %10s %7s %6s%n", "kernel", "ms", "share", "nodes");
    for (OpProfile.Entry e : kernels.subList(0, Math.min(top, kernels.size())))
      out.printf(Locale.ROOT, "%-40s %10.1f %6.1f%% %6d%n", e.kernel(), e.ms(), 100 * e.ms() / total, e.nodes());
  }

  static void print(PrintWriter out, String mode, List<AttackBench.Row> rows) {
    out.printf("%-11s %-16s %10s %11s %9s %7s %10s %7s%n", mode, "variant", "median ms", "examples/s", "/torch*",
        "+-se", "/iter**", "+-se");
    for (AttackBench.Row x : rows) {
      out.printf(Locale.ROOT, "%-11s %-16s %10.1f %11.1f %9s %7s %10s %7s%n", mode, x.name(), x.medianMs(),
          x.examplesPerSecond(), num(x.overTorch()), num(x.overTorchSe()), num(x.overIterative()),
          num(x.overIterativeSe()));
    }
  }

  private static String num(double v) {
    return orDash(v, "%.3f");
  }

  /** {@code v} formatted, or "-" for a value that was not measured (NaN). */
  static String orDash(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
