package io.github.llr4j.examples.cli;

import io.github.llr4j.examples.bench.TextBench;
import io.github.llr4j.examples.bench.ThreadSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llr4j bench text}: the transformer fine-tuning step, and with --torch PyTorch's. */
@Command(name = "text", mixinStandardHelpOptions = true,
    description = {"Median ms per fine-tuning step of a BERT-style classifier (AdamW, dropout 0.1, random token",
        "ids) at the sizes tiny (2 layers, hidden 128) and minilm (6 layers, hidden 384, 12 heads,",
        "intermediate 1536); --torch times the same architecture in PyTorch (python3-torch) in the",
        "same rounds, for the ratio llr4j/pytorch (target <= 0.9); --standalone N then times each alone."})
public final class BenchTextCommand implements Callable<Integer> {
  /** llr4j / pytorch step-time target (issue 18). */
  static final double TARGET = 0.9;

  @Spec CommandSpec spec;

  @Mixin TorchBenchOptions common;

  @Option(names = "--sizes", defaultValue = "tiny,minilm", description = "model sizes (default ${DEFAULT-VALUE})")
  String sizes;

  @Option(names = "--batch-size", defaultValue = "32", description = "sequences per step (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--length", defaultValue = "128", description = "tokens per sequence (default ${DEFAULT-VALUE})")
  int length;

  @Option(names = "--rounds", defaultValue = "8", description = "interleaved rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--steps-per-turn", defaultValue = "2",
      description = "timed steps per variant per round (default ${DEFAULT-VALUE})")
  int stepsPerTurn;

  @Override
  public Integer call() {
    if (batchSize < 1 || length < 2 || rounds < 1 || stepsPerTurn < 1)
      throw new IllegalArgumentException("--batch-size, --rounds, --steps-per-turn must be >= 1 and --length >= 2, got "
          + batchSize + ", " + rounds + ", " + stepsPerTurn + ", " + length);
    common.check();
    List<TextBench.Size> chosen = Args.names("--sizes", sizes).stream().map(TextBench.Size::named).toList();
    PrintWriter out = spec.commandLine().getOut();
    List<TextBench.Row> rows = new ArrayList<>();
    String torchInfo = null;
    for (TextBench.Size size : chosen) {
      TextBench.Result r = TextBench.run(size, batchSize, length, common.warmup, rounds, stepsPerTurn,
          common.standalone, common.seed, common.torch, common.torchThreads(), out);
      rows.addAll(r.rows());
      if (r.torch() != null) torchInfo = r.torch().describe();
    }
    out.println(ThreadSettings.tensorflow() + (torchInfo == null ? "" : "; " + torchInfo));
    out.printf("%-7s %12s %-11s %9s %9s %10s %8s %7s%n", "size", "parameters", "timing", "llr4j ms", "torch ms",
        "tokens/s", "ratio*", "+-se");
    for (TextBench.Row x : rows) {
      out.printf(Locale.ROOT, "%-7s %12d %-11s %9.1f %9s %10.0f %8s %7s%n", x.size(), x.parameters(), x.mode(),
          x.llr4jMs(), BenchAttackCommand.orDash(x.torchMs(), "%.1f"), batchSize * length * 1000.0 / x.llr4jMs(), BenchAttackCommand.orDash(x.ratio(), "%.3f"),
          BenchAttackCommand.orDash(x.ratioSe(), "%.3f"));
    }
    if (common.torch) {
      out.println("* llr4j / pytorch step time: interleaved, the median over rounds of the per-round ratio; standalone,"
          + " the ratio of medians; +-se bootstrap standard errors");
      for (TextBench.Row x : rows)
        out.printf(Locale.ROOT, "%s %s: llr4j/pytorch %.3f +- %.3f (target <= %.1f: %s)%n", x.size(), x.mode(),
            x.ratio(), x.ratioSe(), TARGET, x.ratio() <= TARGET ? "met" : "NOT met");
    }
    out.flush();
    return 0;
  }
}
