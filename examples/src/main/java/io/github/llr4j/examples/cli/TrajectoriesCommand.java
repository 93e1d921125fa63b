package io.github.llr4j.examples.cli;

import io.github.llr4j.core.run.RunFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j trajectories RUN...}: several runs' {@code trajectory.jsonl} (from {@code train
 * --track-trajectory N}) on common axes, e.g. SGD against Adam: the update's and the gradient's
 * angle to the top Hessian eigenvector and lambda_max over steps, and a table of their means.
 */
@Command(name = "trajectories", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Several runs' trajectory.jsonl (train --track-trajectory N) in one plot per measure: the angle of the",
        "update and of the gradient to the top Hessian eigenvector, and lambda_max, over steps; means per run",
        "(trajectories.json, trajectories-*.png)."})
public final class TrajectoriesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders of llr4j train --track-trajectory N")
  List<Path> runs;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "trajectories",
      description = "output folder (default ./trajectories)")
  Path out;

  @Override
  public Integer call() {
    List<String> labels = labels(runs);
    List<TrajectoryPlot.Series> series = new ArrayList<>();
    for (Path run : runs) {
      if (!Files.isDirectory(run))
        throw new IllegalArgumentException("run folder must be an existing folder, got " + run);
      if (!Files.isRegularFile(run.resolve("trajectory.jsonl")))
        throw new IllegalArgumentException(run + " has no trajectory.jsonl: train it with --track-trajectory N"
            + " (a sample every N steps), e.g. ./llr4j train ... --track-trajectory 20 --out " + run);
      TrajectoryPlot.Series s = TrajectoryPlot.read(run);
      if (s.size() == 0)
        throw new IllegalArgumentException(run.resolve("trajectory.jsonl") + " holds no samples: the run stopped before"
            + " its first recorded step; train it again with --track-trajectory N");
      series.add(s);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "%-24s %8s %10s %16s %18s %14s %14s%n", "run", "samples", "converged", "update angle",
        "gradient angle", "lambda_max", "last loss");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      TrajectoryPlot.Series s = series.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run", runs.get(i).toString());
      row.put("label", labels.get(i));
      row.put("samples", s.size());
      row.put("converged_samples", s.convergedCount());
      row.put("mean_update_angle_degrees", orNull(mean(s.update())));
      row.put("mean_gradient_angle_degrees", orNull(mean(s.gradient())));
      row.put("mean_lambda_max", orNull(mean(s.lambda())));
      row.put("last_lambda_max", orNull(s.lambda()[s.size() - 1]));
      row.put("last_loss", orNull(s.loss()[s.size() - 1]));
      rows.add(row);
      w.printf(Locale.ROOT, "%-24s %8d %10d %16.2f %18.2f %14.4g %14.5f%n", labels.get(i), s.size(), s.convergedCount(),
          mean(s.update()),
          mean(s.gradient()), mean(s.lambda()), s.loss()[s.size() - 1]);
    }
    w.println("(angles in degrees to the top Hessian eigenvector's line, means over the recorded steps;"
        + " lambda_max mean over them; converged: samples whose power iteration met its tolerance)");
    plot("trajectories-update-angle.png", "angle of the update to the top Hessian eigenvector", "degrees", labels,
        series, TrajectoryPlot.Series::update);
    plot("trajectories-gradient-angle.png", "angle of the gradient to the top Hessian eigenvector", "degrees", labels,
        series, TrajectoryPlot.Series::gradient);
    plot("trajectories-lambda-max.png", "top Hessian eigenvalue", "lambda_max", labels, series,
        TrajectoryPlot.Series::lambda);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("runs", rows);
    RunFolder.writeJson(out.resolve("trajectories.json"), j);
    w.printf("wrote %s%n", out);
    w.flush();
    return 0;
  }

  private void plot(String file, String title, String yLabel, List<String> labels, List<TrajectoryPlot.Series> series,
      java.util.function.Function<TrajectoryPlot.Series, double[]> y) {
    LinkedHashMap<String, Plots.Curve> curves = new LinkedHashMap<>();
    for (int i = 0; i < series.size(); i++)
      curves.put(labels.get(i), new Plots.Curve(series.get(i).step(), y.apply(series.get(i))));
    Plots.write(out.resolve(file), title, "step", yLabel, curves);
  }

  /** Each run's folder name, or its whole path where two folders share a name (the legend needs distinct keys). */
  static List<String> labels(List<Path> runs) {
    Set<String> seen = new HashSet<>(), repeated = new HashSet<>();
    for (Path r : runs) if (!seen.add(name(r))) repeated.add(name(r));
    List<String> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Path r : runs) {
      String l = repeated.contains(name(r)) ? r.toString() : name(r);
      if (!used.add(l)) throw new IllegalArgumentException("each run must be given once, got " + r + " twice");
      out.add(l);
    }
    return out;
  }

  private static String name(Path r) {
    Path f = r.toAbsolutePath().normalize().getFileName();
    return f == null ? r.toString() : f.toString();
  }

  /** JSON has no NaN: a missing value is null. */
  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The mean of the finite values (a sample without an angle is NaN), NaN when there are none. */
  static double mean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v)
      if (Double.isFinite(x)) {
        s += x;
        n++;
      }
    return n == 0 ? Double.NaN : s / n;
  }
}
