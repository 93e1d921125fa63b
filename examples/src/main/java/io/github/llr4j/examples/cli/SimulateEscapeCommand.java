package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.diag.sim.DoubleWell;
import io.github.llr4j.core.diag.sim.EscapeSimulation;
import io.github.llr4j.core.reshape.LossReshaper;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.run.RunFolder;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j simulate escape}: SGD with Gaussian gradient noise on a one-dimensional double well
 * (a sharp and a flat minimum, {@link DoubleWell}), plain and on {@code L0 f(L / L0)} for each
 * reshaping function of the catalogue (catalogue defaults unless {@code --param fn.k=v}); every
 * walker starts at the sharp minimum. Table on stdout; escape.csv, escape.json and escape.png (the
 * fraction of walkers escaped against the step) in the output folder.
 */
@Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"SGD with gradient noise on a 1-D double well (sharp + flat minimum): escape rate from the",
        "sharp minimum and time to settle, plain vs each reshaping function (L0 f(L/L0)); fixed seed."})
public final class SimulateEscapeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--functions", split = ",", paramLabel = "NAME,...",
      description = "reshaping functions to compare with plain SGD (default: the whole catalogue except identity)")
  List<String> functions;

  @Option(names = "--param", paramLabel = "fn.k=v", description = "a function's coefficient (repeatable), e.g. --param sech.a=5")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--initial-loss", defaultValue = "2.302585", paramLabel = "L0",
      description = "L0 of L0 f(L/L0) (default ln 10, a 10-class initial loss)")
  double initialLoss;

  @Option(names = "--lr", defaultValue = "0.01", description = "SGD step (default 0.01)")
  double lr;

  @Option(names = "--sigma", defaultValue = "2.8", description = "gradient-noise standard deviation (default 2.8)")
  double sigma;

  @Option(names = "--steps", defaultValue = "20000", description = "steps per walker (default 20000)")
  int steps;

  @Option(names = "--walkers", defaultValue = "400", description = "independent walkers (default 400)")
  int walkers;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default 1)")
  long seed;

  @Option(names = "--sharp-curvature", defaultValue = "8", description = "L'' at the sharp minimum (default 8)")
  double sharpCurvature;

  @Option(names = "--barrier-curvature", defaultValue = "2", description = "|L''| at the barrier top (default 2)")
  double barrierCurvature;

  @Option(names = "--flat-curvature", defaultValue = "0.5", description = "L'' at the flat minimum (default 0.5)")
  double flatCurvature;

  @Option(names = "--sharp-loss", defaultValue = "0.3", description = "loss at the sharp minimum (default 0.3)")
  double sharpLoss;

  @Option(names = "--barrier", defaultValue = "0.2", description = "barrier height above the sharp minimum (default 0.2)")
  double barrier;

  @Option(names = "--flat-loss", defaultValue = "0.1", description = "loss at the flat minimum (default 0.1)")
  double flatLoss;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/simulate-escape)")
  Path out = Path.of("runs", "simulate-escape");

  @Override
  public Integer call() {
    DoubleWell well = new DoubleWell(sharpCurvature, barrierCurvature, flatCurvature, sharpLoss, barrier, flatLoss);
    double escapeAt = well.barrier() + 0.5 * (well.flatMinimum() - well.barrier());
    var config = new EscapeSimulation.Config(lr, sigma, steps, walkers, seed, escapeAt, 100);
    Require.that(initialLoss > 0 && Double.isFinite(initialLoss), "--initial-loss", "be > 0 and finite", initialLoss);
    Map<String, LossReshaper> objectives = objectives();
    PrintWriter w = spec.commandLine().getOut();
    double d = EscapeSimulation.temperature(well, lr, sigma);
    w.printf(Locale.ROOT, "double well: sharp minimum x=0 (L %.3g, L'' %.3g), barrier x=%.4g (L %.3g, L'' -%.3g), flat minimum x=%.4g"
        + " (L %.3g, L'' %.3g); escape = reaching x=%.4g%n", sharpLoss, sharpCurvature, well.barrier(), well.top(),
        barrierCurvature, well.flatMinimum(), flatLoss, flatCurvature, escapeAt);
    w.printf(Locale.ROOT, "SGD lr %.3g, noise sigma %.3g: temperature D = lr sigma^2/(2 - lr L'') = %.4g, dU/D = %.2f;"
        + " Kramers rate (plain) %.4g per step; %d walkers x %d steps, seed %d, L0 %.4g%n", lr, sigma, d, barrier / d,
        EscapeSimulation.kramersRatePerStep(well, lr, sigma), walkers, steps, seed, initialLoss);
    w.printf("%-10s %9s %12s %9s %12s %9s %12s %11s%n", "objective", "escaped", "rate/step", "vs plain", "median esc",
        "settled", "median settle", "final loss");
    w.flush();
    Map<String, EscapeSimulation.Result> results = new LinkedHashMap<>();
    double plainRate = Double.NaN;
    StringBuilder csv = new StringBuilder("objective,walkers,escaped,rate_per_step,rate_vs_plain,median_escape_step,"
        + "settled,median_settle_step,mean_final_loss\n");
    for (var e : objectives.entrySet()) {
      EscapeSimulation.Result r = EscapeSimulation.run(well, e.getValue(), initialLoss, config);
      results.put(e.getKey(), r);
      if (e.getValue() == null) plainRate = r.ratePerStep();
      double ratio = r.ratePerStep() / plainRate;
      w.printf(Locale.ROOT, "%-10s %9s %12.4g %9.3g %12.0f %9d %12.0f %11.4f%n", e.getKey(), r.escapes() + "/" + r.walkers(),
          r.ratePerStep(), ratio, r.medianEscapeStep(), r.settled(), r.medianSettleStep(), r.meanFinalLoss());
      w.flush();
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s,%d,%s,%s%n", e.getKey(), r.walkers(), r.escapes(),
          r.ratePerStep(), ratio, r.medianEscapeStep(), r.settled(), r.medianSettleStep(), r.meanFinalLoss()));
    }
    write(out, csv.toString(), results, well, d);
    w.printf("wrote %s%n", out);
    w.flush();
    return 0;
  }

  private Map<String, LossReshaper> objectives() {
    List<String> names = functions != null ? functions : new ArrayList<>(Reshapers.names());
    if (functions == null) names.remove("identity");
    Map<String, Map<String, String>> byFunction = new LinkedHashMap<>();
    for (var p : params.entrySet()) {
      int dot = p.getKey().indexOf('.');
      if (dot <= 0) throw new IllegalArgumentException("--param must be fn.k=v, got '" + p.getKey() + "=" + p.getValue() + "'");
      String fn = p.getKey().substring(0, dot);
      if (!names.contains(fn))
        throw new IllegalArgumentException("--param must name one of the simulated functions " + names + ", got '" + fn + "'");
      byFunction.computeIfAbsent(fn, k -> new LinkedHashMap<>()).put(p.getKey().substring(dot + 1), p.getValue());
    }
    Map<String, LossReshaper> m = new LinkedHashMap<>();
    m.put("plain", null);
    for (String n : names) m.put(n, Reshapers.create(n.trim(), byFunction.get(n)));
    return m;
  }

  private static void write(Path dir, String csv, Map<String, EscapeSimulation.Result> results, DoubleWell well, double d) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("escape.csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("escape.csv") + ": " + e.getMessage(), e);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("barrier_position", well.barrier());
    json.put("flat_minimum_position", well.flatMinimum());
    json.put("temperature", d);
    results.forEach((k, r) -> json.put(k, r));
    RunFolder.writeJson(dir.resolve("escape.json"), json);
    LinkedHashMap<String, Plots.Curve> curves = new LinkedHashMap<>();
    results.forEach((k, r) -> {
      double[] x = new double[r.curveSteps().length];
      for (int i = 0; i < x.length; i++) x[i] = r.curveSteps()[i];
      curves.put(k, new Plots.Curve(x, r.escapedFraction()));
    });
    Plots.write(dir.resolve("escape.png"), "escape from the sharp minimum", "step", "fraction of walkers escaped", curves);
  }
}
