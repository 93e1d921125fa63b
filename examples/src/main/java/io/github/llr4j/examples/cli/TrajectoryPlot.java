package io.github.llr4j.examples.cli;

import io.github.llr4j.core.run.RunFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code trajectory.png} of a run with {@code --track-trajectory}: per recorded step, the angle of
 * the optimizer's update and of the gradient to the top Hessian eigenvector (degrees, 0 = along the
 * sharpest direction, 90 = perpendicular), and {@code trajectory-curvature.png}: lambda_max and the
 * loss at the same steps.
 */
final class TrajectoryPlot {
  private TrajectoryPlot() {}

  /** A run's {@code trajectory.jsonl} as columns; NaN where a sample has no value (a zero update or gradient). */
  record Series(double[] step, double[] update, double[] gradient, double[] lambda, double[] loss,
      boolean[] converged) {
    int size() {
      return step.length;
    }

    /** Samples whose power iteration met its tolerance (the others' eigenvector, so their angles, are rougher). */
    int convergedCount() {
      int n = 0;
      for (boolean c : converged) if (c) n++;
      return n;
    }
  }

  /** Reads {@code dir/trajectory.jsonl} (no file or no lines: an empty series). */
  static Series read(Path dir) {
    List<Map<String, Object>> samples = RunFolder.read(dir).readJsonLines("trajectory.jsonl");
    int n = samples.size();
    double[] step = new double[n], update = new double[n], gradient = new double[n], lambda = new double[n], loss = new double[n];
    boolean[] converged = new boolean[n];
    for (int i = 0; i < n; i++) {
      Map<String, Object> s = samples.get(i);
      step[i] = num(s, "step");
      update[i] = num(s, "update_angle_degrees");
      gradient[i] = num(s, "gradient_angle_degrees");
      lambda[i] = num(s, "lambda_max");
      loss[i] = num(s, "loss");
      converged[i] = Boolean.TRUE.equals(s.get("lambda_max_converged"));
    }
    return new Series(step, update, gradient, lambda, loss, converged);
  }

  /** Draws both plots from {@code dir/trajectory.jsonl}; returns the number of samples. */
  static int write(Path dir) {
    Series t = read(dir);
    if (t.size() == 0) return 0;
    LinkedHashMap<String, Plots.Curve> angles = new LinkedHashMap<>();
    angles.put("update", new Plots.Curve(t.step(), t.update()));
    angles.put("gradient", new Plots.Curve(t.step(), t.gradient()));
    Plots.write(dir.resolve("trajectory.png"), "angle to the top Hessian eigenvector", "step", "degrees", angles);
    LinkedHashMap<String, Plots.Curve> curvature = new LinkedHashMap<>();
    curvature.put("lambda_max", new Plots.Curve(t.step(), t.lambda()));
    curvature.put("loss", new Plots.Curve(t.step(), t.loss()));
    Plots.write(dir.resolve("trajectory-curvature.png"), "top Hessian eigenvalue and loss along the run", "step",
        "value", curvature);
    return t.size();
  }

  /** A number, or NaN where the sample has none (a zero update or gradient). */
  private static double num(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v instanceof Number x ? x.doubleValue() : Double.NaN;
  }
}
