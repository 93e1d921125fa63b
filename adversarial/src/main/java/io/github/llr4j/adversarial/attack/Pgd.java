package io.github.llr4j.adversarial.attack;

import io.github.llr4j.core.check.Require;
import java.util.Random;
import org.tensorflow.Session;

/**
 * Projected gradient descent on the cross-entropy (Madry et al. 2018), Linf or L2.
 *
 * <p>Per restart: start at x0 (or, with {@code randomStart}, uniformly in the Linf box / at a
 * uniform radius along a Gaussian direction for L2, clipped to the range), then {@code steps}
 * times x <- P(x + s * stepSize * d(g)) with d = sign(g) (Linf) or g / ||g||_2 (L2) per example,
 * s = +1 untargeted (ascend the loss of the true label) or -1 targeted (descend the loss of the
 * target), P the projection onto the eps-ball intersected with the box. FGSM is one Linf step of
 * size eps from x0 ({@link #fgsm}).
 */
public record Pgd(Norm norm, double eps, double stepSize, int steps, int restarts, boolean randomStart,
    boolean targeted, Box box) implements Attack {

  public Pgd {
    if (norm == null) throw new IllegalArgumentException("norm must not be null");
    Require.that(eps >= 0 && Double.isFinite(eps), "eps", "be >= 0", eps);
    Require.that(stepSize > 0 && Double.isFinite(stepSize), "step size", "be positive", stepSize);
    Require.atLeast("steps", steps, 1);
    Require.atLeast("restarts", restarts, 1);
    if (box == null) throw new IllegalArgumentException("box must not be null (Box.UNIT for pixels in [0, 1])");
    // L2's bound depends on the example size: checked when the attack runs
    if (norm == Norm.LINF) box.checkRadius(norm, eps, 1);
  }

  /** FGSM (Goodfellow et al. 2015): one signed-gradient step of size eps. */
  public static Pgd fgsm(double eps) {
    return new Pgd(Norm.LINF, eps, Math.max(eps, Double.MIN_NORMAL), 1, 1, false, false, Box.UNIT);
  }

  /** PGD-Linf with random start, untargeted, pixels in [0, 1]. */
  public static Pgd linf(double eps, double stepSize, int steps, int restarts) {
    return new Pgd(Norm.LINF, eps, stepSize, steps, restarts, true, false, Box.UNIT);
  }

  /** PGD-L2 with random start, untargeted, pixels in [0, 1]. */
  public static Pgd l2(double eps, double stepSize, int steps, int restarts) {
    return new Pgd(Norm.L2, eps, stepSize, steps, restarts, true, false, Box.UNIT);
  }

  public Pgd withTargeted(boolean t) {
    return new Pgd(norm, eps, stepSize, steps, restarts, randomStart, t, box);
  }

  /**
   * Linf: each restart is one run of the fused graph ({@link FusedPgdGraph}, built on first use);
   * L2: {@link #runIterative}. Both give the same outcome (float32 rounding of the gradient aside).
   */
  @Override
  public Outcome run(AttackGraph graph, Session session, float[] x0, int[] y, long seed) {
    if (norm != Norm.LINF) return runIterative(graph, session, x0, y, seed);
    int n = y.length, size = checkedSize(graph, x0);
    FusedPgdGraph fused = graph.fusedLinf(steps, targeted, box);
    Tracker track = new Tracker(x0, n, size, targeted);
    Random rnd = new Random(seed);
    for (int r = 0; r < restarts; r++) {
      FusedPgdGraph.Restart res = fused.run(session, x0, startOf(x0, size, rnd), y, (float) eps, (float) stepSize);
      track.observeFooled(res.fooled(), res.firstFooling());
      track.endRestart(res.last(), res.lastLoss());
    }
    return track.outcome();
  }

  /**
   * The attack with one {@code Session.run} per iterate and the update in Java: the reference the
   * fused graph is tested against, and the L2 path.
   */
  public Outcome runIterative(AttackGraph graph, Session session, float[] x0, int[] y, long seed) {
    int n = y.length, size = checkedSize(graph, x0);
    Tracker track = new Tracker(x0, n, size, targeted);
    Random rnd = new Random(seed);
    float e = (float) eps, a = (float) stepSize;
    for (int r = 0; r < restarts; r++) {
      float[] x = startOf(x0, size, rnd);
      AttackGraph.Evaluation ev = null;
      for (int k = 0; k < steps; k++) {
        ev = graph.evaluate(session, x, y, true);
        track.observe(x, ev);
        step(x, ev.gradient(), a, size);
        box.project(norm, x, x0, e, size);
      }
      ev = graph.evaluate(session, x, y, false);
      track.observe(x, ev);
      track.endRestart(x, ev.loss());
    }
    return track.outcome();
  }

  /**
   * The last iterate of the first restart (what PGD adversarial training trains on), without
   * the bookkeeping of {@link #run}; Linf through the fused graph.
   */
  public float[] finalIterate(AttackGraph graph, Session session, float[] x0, int[] y, long seed) {
    if (norm != Norm.LINF) return finalIterateIterative(graph, session, x0, y, seed);
    int size = checkedSize(graph, x0);
    float[] x = startOf(x0, size, new Random(seed));
    return graph.fusedLinf(steps, targeted, box).run(session, x0, x, y, (float) eps, (float) stepSize).last();
  }

  /** {@link #finalIterate} with one {@code Session.run} per iterate (the reference, and L2). */
  public float[] finalIterateIterative(AttackGraph graph, Session session, float[] x0, int[] y, long seed) {
    int size = checkedSize(graph, x0);
    float[] x = startOf(x0, size, new Random(seed));
    for (int k = 0; k < steps; k++) {
      step(x, graph.evaluate(session, x, y, true).gradient(), (float) stepSize, size);
      box.project(norm, x, x0, (float) eps, size);
    }
    return x;
  }

  private int checkedSize(AttackGraph graph, float[] x0) {
    box.checkInside(x0);
    int size = graph.exampleSize();
    box.checkRadius(norm, eps, size);
    return size;
  }

  /** A restart's first iterate: x0, or with {@code randomStart} a random point of the ball. */
  private float[] startOf(float[] x0, int size, Random rnd) {
    float[] x = x0.clone();
    if (randomStart && eps > 0) start(x, x0, (float) eps, size, rnd);
    return x;
  }

  private void step(float[] x, float[] g, float a, int size) {
    float s = targeted ? -a : a;
    if (norm == Norm.LINF) {
      for (int j = 0; j < x.length; j++) x[j] += s * Math.signum(g[j]);
      return;
    }
    for (int o = 0; o < x.length; o += size) {
      double gn = 0;
      for (int j = o; j < o + size; j++) gn += (double) g[j] * g[j];
      gn = Math.sqrt(gn);
      if (gn == 0) continue;
      for (int j = o; j < o + size; j++) x[j] += (float) (s * g[j] / gn);
    }
  }

  private void start(float[] x, float[] x0, float e, int size, Random rnd) {
    if (norm == Norm.LINF) {
      for (int j = 0; j < x.length; j++) x[j] = x0[j] + e * (2 * rnd.nextFloat() - 1);
    } else {
      for (int o = 0; o < x.length; o += size) {
        double nn = 0;
        double[] d = new double[size];
        for (int j = 0; j < size; j++) { d[j] = rnd.nextGaussian(); nn += d[j] * d[j]; }
        double radius = e * rnd.nextDouble() / Math.sqrt(nn);
        for (int j = 0; j < size; j++) x[o + j] = (float) (x0[o + j] + radius * d[j]);
      }
    }
    box.project(norm, x, x0, e, size);
  }

  @Override
  public String describe() {
    return (steps == 1 && !randomStart && norm == Norm.LINF && stepSize >= eps ? "fgsm" : "pgd-" + norm.name().toLowerCase())
        + "(eps=" + eps + ", step=" + stepSize + ", steps=" + steps + ", restarts=" + restarts
        + (randomStart ? ", random start" : "") + (targeted ? ", targeted" : "") + ")";
  }
}
