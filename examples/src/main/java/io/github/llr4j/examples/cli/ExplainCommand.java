package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.reshape.LossReshaper;
import io.github.llr4j.core.reshape.Reshapers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j explain}: a reshaping walk-through that runs in seconds. For the paper's sech
 * (a = 2.5, b = 0.15) and a few other catalogue functions it evaluates the gradient factor
 * dL_fin/dL = f'(L/L0) through the TensorFlow graph over a range of losses, prints it as a table,
 * and writes the curves (PNG) and the numbers (CSV) to an output folder.
 *
 * <p>It trains nothing; {@code llr4j demo} is the training demo.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Reshaping walk-through: how each function scales the gradient as the loss falls.")
public final class ExplainCommand implements Callable<Integer> {

  /** A catalogue function with the coefficients shown in the walk-through. */
  record Entry(String label, String name, Map<String, String> params) {}

  static final List<Entry> ENTRIES = List.of(
      new Entry("identity", "identity", Map.of()),
      new Entry("sech a=2.5 b=0.15 (paper)", "sech", ordered("a", "2.5", "b", "0.15")),
      new Entry("sech + base 0.5", "sech", ordered("a", "2.5", "b", "0.15", "plus-base", "0.5", "shift", "true")),
      new Entry("linquad a=1", "linquad", ordered("a", "1")),
      new Entry("atan a=5 b=1", "atan", ordered("a", "5", "b", "1")),
      new Entry("logexp a=0.5", "logexp", ordered("a", "0.5")));

  /** Normalised losses x = L/L0 of the table, from the start of training (1) to the end. */
  static final double[] TABLE_X = {1.0, 0.75, 0.5, 0.3, 0.2, 0.15, 0.1, 0.05, 0.02, 0.01};

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs", "explain");

  @Option(names = "--initial-loss", paramLabel = "L0",
      description = "initial loss L0 (default: ${DEFAULT-VALUE} = ln 10, an untrained 10-class model)")
  double initialLoss = 2.302585;

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  @Override
  public Integer call() {
    Require.that(initialLoss > 0 && !Double.isInfinite(initialLoss), "--initial-loss", "be > 0 and finite", initialLoss);
    PrintWriter o = spec.commandLine().getOut();
    OptionalDouble l0 = OptionalDouble.of(initialLoss);
    List<LossReshaper> reshapers = new ArrayList<>();
    for (Entry e : ENTRIES) reshapers.add(Reshapers.create(e.name(), e.params()));

    o.println("llr4j explain: reshaping walk-through (no training; llr4j demo trains)");
    o.printf(Locale.ROOT, "Training on L_fin = L0*f(L/L0) multiplies every gradient by f'(L/L0). L0 = %.4f.%n",
        initialLoss);
    o.println("Gradient factor f'(L/L0), evaluated through the TensorFlow graph (float64):");
    o.println();

    double[][] factors = new double[TABLE_X.length][ENTRIES.size()];
    double[] grid = Plots.grid(0.0, 1.2, 241);
    double[][] curves = new double[ENTRIES.size()][grid.length];
    for (int j = 0; j < reshapers.size(); j++) {
      try (ReshapeEvaluator eval = new ReshapeEvaluator(reshapers.get(j), l0)) {
        for (int i = 0; i < TABLE_X.length; i++) factors[i][j] = eval.at(TABLE_X[i] * initialLoss).grad();
        for (int i = 0; i < grid.length; i++) curves[j][i] = eval.at(grid[i] * initialLoss).grad();
      }
    }

    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s %6s", "L", "L/L0"));
    for (int j = 0; j < ENTRIES.size(); j++) head.append(String.format(Locale.ROOT, " %14s", column(j)));
    o.println(head);
    for (int i = 0; i < TABLE_X.length; i++) {
      StringBuilder row = new StringBuilder(
          String.format(Locale.ROOT, "%8.4f %6.2f", TABLE_X[i] * initialLoss, TABLE_X[i]));
      for (int j = 0; j < ENTRIES.size(); j++) row.append(String.format(Locale.ROOT, " %14.4f", factors[i][j]));
      o.println(row);
    }
    o.println();
    for (int j = 0; j < ENTRIES.size(); j++) o.printf("  %-15s %s%n", column(j), ENTRIES.get(j).label());
    o.println();
    o.println("What it means:");
    o.println("  - sech barely moves while the loss is near L0 (factor ~0.014 at L = L0): high loss is flattened for stability.");
    o.println("  - As the loss falls toward b*L0 the factor rises to a/2 = 1.25: the low-loss region is steepened, pushing out of sharp minima.");
    o.println("  - Near zero loss it fades to 0 again (ultra-low loss flattened) so training settles; plus-base (0.5 here) adds a constant floor to the factor for short runs.");
    o.println("  - linquad, atan and logexp never shrink the gradient (factor >= 1); sech's gains in the paper need long schedules (200+ epochs).");

    writeOutputs(grid, curves);
    o.println();
    o.println("wrote " + out.resolve("gradient-factor.png") + " and " + out.resolve("gradient-factor.csv"));
    return 0;
  }

  private static String column(int j) {
    Entry e = ENTRIES.get(j);
    return j == 2 ? "sech+base" : e.name();
  }

  private void writeOutputs(double[] grid, double[][] curves) {
    LinkedHashMap<String, Plots.Curve> series = new LinkedHashMap<>();
    for (int j = 0; j < ENTRIES.size(); j++) series.put(ENTRIES.get(j).label(), new Plots.Curve(grid, curves[j]));
    Plots.write(out.resolve("gradient-factor.png"), "Gradient factor f'(L/L0) of the reshaped objective",
        "normalised loss L/L0", "f'(L/L0)", series);
    StringBuilder csv = new StringBuilder("x");
    for (int j = 0; j < ENTRIES.size(); j++) csv.append(',').append(column(j));
    csv.append('\n');
    for (int i = 0; i < grid.length; i++) {
      csv.append(String.format(Locale.ROOT, "%.4f", grid[i]));
      for (double[] c : curves) csv.append(',').append(String.format(Locale.ROOT, "%.8g", c[i]));
      csv.append('\n');
    }
    try {
      Files.writeString(out.resolve("gradient-factor.csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("gradient-factor.csv"), e);
    }
  }
}
