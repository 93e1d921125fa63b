package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.box.BoxLbfgs;
import java.util.List;
import org.tensorflow.Session;

/**
 * Sharpness measures around the current weights w0.
 *
 * <p>Epsilon-sharpness (Keskar et al. 2017, "On Large-Batch Training for Deep Learning"): with the
 * box {@code C = {z : |z_i| <= eps (|w0_i| + 1)}},
 * {@code phi = 100 * (max_{z in C} L(w0 + z) - L(w0)) / (1 + L(w0))}. Two maximisers, both from
 * z = 0, both keeping the largest loss seen at any point they evaluate (every one inside C), so
 * both give lower bounds of the true maximum, the first a tighter one:
 * <ul>
 *   <li>{@link Method#LBFGSB}, Keskar et al.'s: {@code steps} iterations of L-BFGS-B
 *       ({@link BoxLbfgs}, memory 10) on -L over C in the full parameter space (their A = I_n),
 *       or over their random p-dimensional subspace: {@code max L(w0 + A y)} over
 *       {@code |y_i| <= eps (|(A^+ w0)_i| + 1)}, A an n x p standard normal matrix
 *       ({@link RandomSubspace}); each iteration costs one forward-backward pass per line-search
 *       trial, usually one.
 *   <li>{@link Method#ASCENT}: {@code steps} projected sign-gradient ascent steps with step
 *       {@code 2.5 eps (|w0_i| + 1) / steps} per coordinate (Madry's PGD rule), one
 *       forward-backward pass each: cheaper and cruder, it only visits the box's faces along the
 *       gradient's signs.
 * </ul>
 *
 * <p>The angle between the gradient and the top Hessian eigenvector,
 * {@code acos(|g . u| / (||g|| ||u||))} in degrees, in [0, 90] (an eigenvector's sign is arbitrary).
 */
public final class Sharpness {

  private Sharpness() {}

  /** How the maximum over the box is searched (see the class comment). */
  public enum Method {
    LBFGSB, ASCENT;

    /** The CLI spelling: {@code lbfgsb} or {@code ascent}. */
    public String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param sharpness phi in percent
   * @param maxLoss the largest loss found in the box
   * @param loss L(w0)
   * @param steps ascent steps or L-BFGS-B iterations allowed
   * @param passes loss-and-gradient passes over the data used (the loss-only last ascent step
   *     counted as one)
   * @param iterations L-BFGS-B iterations accepted, or the ascent steps taken (all of them)
   * @param stop why the maximiser stopped; ascent always spends its steps ({@code MAX_ITERATIONS}).
   *     {@code PROJECTED_GRADIENT} at iteration 0 means the gradient was already below L-BFGS-B's
   *     absolute tolerance at w0 and the sharpness is 0 by that rule, not by a search
   * @param offset z at the largest loss: inside C in the full space; in a subspace z = A y with y
   *     inside the y-box, and z itself need not lie in C
   * @param subspace p of the random subspace, 0 for the full space
   */
  public record Epsilon(Method method, double sharpness, double maxLoss, double loss, double eps, int steps,
      int passes, int iterations, BoxLbfgs.Stop stop, double[] offset, int subspace, double seconds) {

    /** Whether L-BFGS-B stopped before its first step because the projected gradient was already small. */
    public boolean stoppedAtStart() {
      return method == Method.LBFGSB && iterations == 0 && stop == BoxLbfgs.Stop.PROJECTED_GRADIENT;
    }
  }

  /**
   * Keskar's epsilon-sharpness of the mean inference-mode loss over {@code data} by {@code method}
   * with {@code steps} iterations or steps; {@code subspace} p > 0 (L-BFGS-B only) searches
   * Keskar's random p-dimensional subspace drawn from {@code seed}.
   */
  public static Epsilon epsilon(LossProbe probe, Session session, List<Batch> data, double eps, int steps,
      Method method, int subspace, long seed) {
    if (method == Method.LBFGSB) return lbfgsb(probe, session, data, eps, steps, subspace, seed);
    if (subspace != 0) throw new IllegalArgumentException("a random subspace needs L-BFGS-B, got " + method.cliName()
        + " with subspace " + subspace);
    return ascent(probe, session, data, eps, steps);
  }

  /** Keskar's epsilon-sharpness by L-BFGS-B with at most {@code iterations} iterations, full space. */
  public static Epsilon lbfgsb(LossProbe probe, Session session, List<Batch> data, double eps, int iterations) {
    return lbfgsb(probe, session, data, eps, iterations, 0, 0);
  }

  /**
   * Keskar's epsilon-sharpness by L-BFGS-B in a random {@code subspace}-dimensional subspace drawn
   * from {@code seed} (0 = the full space, the seed unused).
   */
  public static Epsilon lbfgsb(LossProbe probe, Session session, List<Batch> data, double eps, int iterations,
      int subspace, long seed) {
    requireArguments(eps, iterations);
    if (subspace < 0) throw new IllegalArgumentException("subspace must be >= 0 (0 = full space), got " + subspace);
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    RandomSubspace a = subspace == 0 ? null : new RandomSubspace(w0.length, subspace, seed);
    double[] upper = box(a == null ? w0 : a.pseudoInverseApply(w0), eps);
    int n = upper.length;
    double[] lower = new double[n];
    for (int i = 0; i < n; i++) lower[i] = -upper[i];
    double[] first = {Double.NaN}; // L(w0): the maximiser evaluates z = 0 first
    BoxLbfgs.Result r;
    try {
      r = BoxLbfgs.maximize(y -> {
        probe.setWeights(session, Vectors.plus(w0, 1, a == null ? y : a.apply(y)));
        LossProbe.LossGradient lg = probe.lossAndGradient(session, data);
        if (Double.isNaN(first[0])) first[0] = lg.loss();
        return new BoxLbfgs.Evaluation(lg.loss(), a == null ? lg.gradient() : a.transposeApply(lg.gradient()));
      }, new double[n], lower, upper, BoxLbfgs.Settings.of(iterations));
    } finally {
      probe.setWeights(session, w0);
    }
    double base = first[0];
    double best = Math.max(base, r.value());
    double[] y = r.value() >= base ? r.x() : new double[n];
    return new Epsilon(Method.LBFGSB, 100 * (best - base) / (1 + base), best, base, eps, iterations,
        r.evaluations(), r.iterations(), r.stop(), a == null ? y : a.apply(y), subspace, (System.nanoTime() - t0) / 1e9);
  }

  private static void requireArguments(double eps, int steps) {
    if (!(eps > 0 && Double.isFinite(eps))) throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
    if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
  }

  private static double[] box(double[] w0, double eps) {
    double[] box = new double[w0.length];
    for (int i = 0; i < w0.length; i++) box[i] = eps * (Math.abs(w0[i]) + 1);
    return box;
  }

  /** Keskar's epsilon-sharpness by {@code steps} sign-gradient ascent steps (the lower bound). */
  public static Epsilon ascent(LossProbe probe, Session session, List<Batch> data, double eps, int steps) {
    requireArguments(eps, steps);
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    int n = w0.length;
    double[] box = box(w0, eps);
    double[] z = new double[n];
    double[] bestZ = new double[n];
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
          if (lg.loss() > best) {
            best = lg.loss();
            bestZ = z.clone();
          }
        } else {
          double l = probe.loss(session, data);
          if (l > best) {
            best = l;
            bestZ = z.clone();
          }
        }
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Epsilon(Method.ASCENT, 100 * (best - base) / (1 + base), best, base, eps, steps, steps + 1, steps,
        BoxLbfgs.Stop.MAX_ITERATIONS, bestZ, 0,
        (System.nanoTime() - t0) / 1e9);
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
