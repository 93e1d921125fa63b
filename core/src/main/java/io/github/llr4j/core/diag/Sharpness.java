package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import java.util.List;
import org.tensorflow.Session;

/**
 * Sharpness measures around the current weights w0.
 *
 * <p>Epsilon-sharpness (Keskar et al. 2017, "On Large-Batch Training for Deep Learning"): with the
 * box {@code C = {z : |z_i| <= eps (|w0_i| + 1)}},
 * {@code phi = 100 * (max_{z in C} L(w0 + z) - L(w0)) / (1 + L(w0))}. Keskar et al. maximise with
 * L-BFGS-B; here the maximum is approximated by {@code steps} projected sign-gradient ascent steps
 * from z = 0 with step {@code 2.5 eps (|w0_i| + 1) / steps} per coordinate (Madry's PGD rule), and
 * the largest loss seen at any iterate is kept, so the result is a lower bound of the true maximum.
 *
 * <p>The angle between the gradient and the top Hessian eigenvector,
 * {@code acos(|g . u| / (||g|| ||u||))} in degrees, in [0, 90] (an eigenvector's sign is arbitrary).
 */
public final class Sharpness {

  private Sharpness() {}

  /**
   * @param sharpness phi in percent
   * @param maxLoss the largest loss found in the box
   * @param loss L(w0)
   * @param steps ascent steps (each one forward-backward pass per batch)
   */
  public record Epsilon(double sharpness, double maxLoss, double loss, double eps, int steps, double seconds) {}

  /** Keskar's epsilon-sharpness of the mean inference-mode loss over {@code data}. */
  public static Epsilon epsilon(LossProbe probe, Session session, List<Batch> data, double eps, int steps) {
    if (!(eps > 0 && Double.isFinite(eps))) throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
    if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    int n = w0.length;
    double[] box = new double[n];
    for (int i = 0; i < n; i++) box[i] = eps * (Math.abs(w0[i]) + 1);
    double[] z = new double[n];
    double base, best;
    try {
      LossProbe.LossGradient lg = probe.lossAndGradient(session, data);
      base = lg.loss();
      best = base;
      double[] g = lg.gradient();
      for (int s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) {
          double step = 2.5 * box[i] / steps * Math.signum(g[i]);
          z[i] = Math.max(-box[i], Math.min(box[i], z[i] + step));
        }
        probe.setWeights(session, Vectors.plus(w0, 1, z));
        if (s < steps - 1) {
          lg = probe.lossAndGradient(session, data);
          g = lg.gradient();
          best = Math.max(best, lg.loss());
        } else {
          best = Math.max(best, probe.loss(session, data));
        }
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Epsilon(100 * (best - base) / (1 + base), best, base, eps, steps, (System.nanoTime() - t0) / 1e9);
  }

  /** The angle in degrees between {@code g} and the line of {@code u}, in [0, 90]. */
  public static double angleDegrees(double[] g, double[] u) {
    if (g.length != u.length) throw new IllegalArgumentException("g and u must have equal length, got " + g.length + " and " + u.length);
    double gn = Vectors.norm(g), un = Vectors.norm(u);
    if (gn == 0 || un == 0) throw new IllegalArgumentException("g and u must be non-zero, got norms " + gn + " and " + un);
    double c = Math.min(1, Math.abs(Vectors.dot(g, u)) / (gn * un));
    return Math.toDegrees(Math.acos(c));
  }
}
