package io.github.llr4j.core.diag.curve;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Session;

/**
 * Fits a {@link BezierCurve} between two weight vectors and measures the loss along it.
 *
 * <p>Training (Garipov et al.'s objective, the expected loss over t ~ U[0, 1]): starting from the
 * straight line, each step draws t, takes the next batch (cycling through {@code data}), evaluates
 * the gradient g of the plain inference-mode loss at phi(t) and moves the control point by
 * {@code -lr 2t(1-t) g} (SGD on theta, the end points fixed). Deviation: the loss is evaluated in
 * inference mode, so models with batch norm would use one fixed set of statistics along the whole
 * curve; Garipov et al. recompute them at each point, which is not done here (callers refuse such
 * models). The weights in the session are put back afterwards.
 */
public final class ModeConnectivity {
  private ModeConnectivity() {}

  /**
   * The loss along a curve: {@code ts} and the loss at phi(t), and the same along the straight
   * line between the end points for comparison.
   */
  public record Profile(double[] ts, double[] curveLosses, double[] lineLosses, double[] curveMetric,
      double[] lineMetric) {
    /** Largest loss along the curve minus the larger end-point loss (the barrier; <= 0 when none). */
    public double curveBarrier() {
      return barrier(curveLosses);
    }

    public double lineBarrier() {
      return barrier(lineLosses);
    }

    private static double barrier(double[] l) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : l) max = Math.max(max, v);
      return max - Math.max(l[0], l[l.length - 1]);
    }
  }

  /** Trains the control point for {@code steps} steps; returns the curve. */
  public static BezierCurve fit(LossProbe probe, Session session, List<Batch> data, double[] w1, double[] w2, int steps,
      double lr, long seed) {
    if (steps < 0) throw new IllegalArgumentException("curve steps must be >= 0, got " + steps);
    if (!(lr > 0 && Double.isFinite(lr))) throw new IllegalArgumentException("curve lr must be > 0, got " + lr);
    if (data.isEmpty()) throw new IllegalArgumentException("data must hold at least one batch");
    BezierCurve curve = new BezierCurve(w1, w2);
    double[] w0 = probe.weights(session);
    SplittableRandom r = new SplittableRandom(seed);
    try {
      for (int s = 0; s < steps; s++) {
        double t = r.nextDouble();
        probe.setWeights(session, curve.point(t));
        double[] g = probe.lossAndGradient(session, List.of(data.get(s % data.size()))).gradient();
        curve.moveControl(lr * BezierCurve.controlWeight(t), g);
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return curve;
  }

  /** A measure of the weights currently in the session (e.g. accuracy on a test set). */
  @FunctionalInterface
  public interface PointMetric {
    double at(Session session);
  }

  /** The loss over all of {@code data} at {@code points} evenly spaced t in [0, 1], on the curve and the line. */
  public static Profile profile(LossProbe probe, Session session, List<Batch> data, BezierCurve curve, int points) {
    return profile(probe, session, data, curve, points, null);
  }

  /** As {@link #profile(LossProbe, Session, List, BezierCurve, int)}, plus {@code metric} at every point (null: none). */
  public static Profile profile(LossProbe probe, Session session, List<Batch> data, BezierCurve curve, int points,
      PointMetric metric) {
    if (points < 2) throw new IllegalArgumentException("points must be >= 2, got " + points);
    BezierCurve line = new BezierCurve(curve.point(0), curve.point(1));
    double[] w0 = probe.weights(session);
    double[] ts = new double[points], c = new double[points], l = new double[points];
    double[] cm = metric == null ? null : new double[points], lm = metric == null ? null : new double[points];
    try {
      for (int i = 0; i < points; i++) {
        ts[i] = i == points - 1 ? 1 : (double) i / (points - 1);
        probe.setWeights(session, curve.point(ts[i]));
        c[i] = probe.loss(session, data);
        if (metric != null) cm[i] = metric.at(session);
        probe.setWeights(session, line.point(ts[i]));
        l[i] = probe.loss(session, data);
        if (metric != null) lm[i] = metric.at(session);
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Profile(ts, c, l, cm, lm);
  }
}
