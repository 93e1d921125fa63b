package io.github.llr4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llr4j.core.reshape.LossReshaper;
import io.github.llr4j.core.reshape.Reshapers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j reshape}: evaluates a reshaping function from the {@link Reshapers} catalogue through
 * a float64 TensorFlow graph ({@link ReshapeEvaluator}) at given loss values, as a table or JSON
 * lines {@code {"loss":..,"reshaped":..,"grad":..}}, and optionally plots L_fin and its gradient
 * over a range of losses.
 */
@Command(
    name = "reshape",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a reshaped objective through the TensorFlow graph (float64).",
      "Without --initial-loss: L_fin = f(L), grad = f'(L).",
      "With --initial-loss L0: L_fin = L0*f(L/L0), grad = dL_fin/dL = f'(L/L0)."
    })
public final class ReshapeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--fn", required = true, paramLabel = "NAME",
      description = "reshaping function: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
  String fn;

  @Option(names = "--param", paramLabel = "k=v",
      description = "coefficient of the function (repeatable), e.g. --param a=2.5 --param b=0.15")
  List<String> params = new ArrayList<>();

  @Option(names = "--initial-loss", paramLabel = "L0", description = "normalise by L0 (> 0)")
  String initialLoss;

  @Option(names = "--loss", paramLabel = "v1,v2,...", description = "plain loss values L to evaluate")
  String losses;

  @Option(names = "--json", description = "one JSON object per line instead of a table")
  boolean json;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "plot L_fin and dL_fin/dL to a PNG")
  Path plot;

  @Option(names = "--range", paramLabel = "lo:hi",
      description = "loss range of the plot (default 0:1, or 0:2*L0 with --initial-loss)")
  String range;

  /** The catalogue's names, for the help text. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Reshapers.names().iterator();
    }
  }

  @Override
  public Integer call() {
    if (losses == null && plot == null) {
      throw new IllegalArgumentException("give --loss v1,v2,... and/or --plot FILE.png");
    }
    if (range != null && plot == null) {
      throw new IllegalArgumentException("--range needs --plot FILE.png");
    }
    List<Double> values = losses == null ? List.of() : Args.numbers("--loss", losses);
    OptionalDouble l0 =
        initialLoss == null ? OptionalDouble.empty()
            : OptionalDouble.of(
                ReshapeEvaluator.checkInitialLoss(Args.finite("--initial-loss", initialLoss)));
    double[] plotRange =
        range != null ? Args.range("--range", range)
            : new double[] {0, l0.isPresent() ? 2 * l0.getAsDouble() : 1};
    LossReshaper reshaper = Reshapers.create(fn, Args.keyValues("--param", params));

    PrintWriter out = spec.commandLine().getOut();
    try (ReshapeEvaluator eval = new ReshapeEvaluator(reshaper, l0)) {
      List<ReshapeEvaluator.Point> points = new ArrayList<>();
      for (double l : values) points.add(eval.at(l));
      if (json) {
        printJson(out, points);
      } else if (!points.isEmpty()) {
        printTable(out, reshaper, l0, points);
      }
      if (plot != null) {
        writePlot(eval, reshaper, l0, plotRange);
        if (!json) out.println("wrote " + plot);
      }
    }
    return 0;
  }

  private static void printJson(PrintWriter out, List<ReshapeEvaluator.Point> points) {
    ObjectMapper mapper = new ObjectMapper();
    for (ReshapeEvaluator.Point p : points) {
      ObjectNode o = mapper.createObjectNode();
      o.put("loss", p.loss());
      o.put("reshaped", p.reshaped());
      o.put("grad", p.grad());
      out.println(o);
    }
  }

  private static void printTable(PrintWriter out, LossReshaper r, OptionalDouble l0,
      List<ReshapeEvaluator.Point> points) {
    out.println(describe(r, l0));
    out.printf("%14s  %14s  %14s%n", "loss L", "reshaped", "dL_fin/dL");
    for (ReshapeEvaluator.Point p : points) {
      out.printf("%14.6g  %14.6g  %14.6g%n", p.loss(), p.reshaped(), p.grad());
    }
  }

  static String describe(LossReshaper r, OptionalDouble l0) {
    StringBuilder sb = new StringBuilder(r.name());
    if (!r.coefficients().isEmpty()) sb.append(' ').append(r.coefficients());
    if (l0.isPresent()) {
      sb.append(", L_fin = L0*f(L/L0) with L0 = ").append(l0.getAsDouble());
    } else {
      sb.append(", L_fin = f(L) (no normalisation)");
    }
    return sb.toString();
  }

  private void writePlot(ReshapeEvaluator eval, LossReshaper r, OptionalDouble l0, double[] lohi) {
    double[] x = Plots.grid(lohi[0], lohi[1], 241);
    double[] v = new double[x.length];
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      ReshapeEvaluator.Point p = eval.at(x[i]);
      v[i] = p.reshaped();
      g[i] = p.grad();
    }
    LinkedHashMap<String, Plots.Curve> curves = new LinkedHashMap<>();
    curves.put(l0.isPresent() ? "L_fin = L0 f(L/L0)" : "L_fin = f(L)", new Plots.Curve(x, v));
    curves.put("dL_fin/dL", new Plots.Curve(x, g));
    Plots.write(plot, describe(r, l0), "plain loss L", "value", curves);
  }
}
