package io.github.llr4j.core.diag.box;

import io.github.llr4j.core.check.Require;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * L-BFGS-B: minimise a smooth f over the box {@code lower <= x <= upper} (Byrd, Lu, Nocedal, Zhu,
 * "A limited memory algorithm for bound constrained optimization", SIAM J. Sci. Comput. 1995),
 * written from the paper for this project. Each iteration:
 *
 * <ol>
 *   <li>the generalised Cauchy point x^c: the first local minimiser of the quadratic model
 *       {@code m(x') = f + g.(x' - x) + (x' - x).B(x' - x)/2} along the projected steepest-descent
 *       path {@code P(x - t g)}, found by walking its breakpoints in order (paper, section 4);
 *   <li>subspace minimisation: the model's unconstrained minimiser over the variables still free
 *       at x^c (the others fixed at their bounds), through the Sherman-Morrison-Woodbury form of
 *       the reduced compact matrix (the paper's direct primal method, section 5.1), projected
 *       onto the box; if that is no descent direction, the paper's truncation to the box instead
 *       (Morales and Nocedal 2011);
 *   <li>a backtracking line search on {@code x + a (xbar - x)}, a in (0, 1], with the Armijo
 *       condition (c1 = 1e-4) and safeguarded quadratic interpolation; every trial point is
 *       inside the box since x and xbar are. (The Fortran code uses a More-Thuente search for the
 *       strong Wolfe conditions; pairs that violate the curvature condition are skipped here
 *       instead, see {@link LbfgsMemory}.)
 * </ol>
 * B is the limited-memory BFGS matrix of the last {@code memory} steps ({@link LbfgsMemory}).
 * The first step starts at a = min(1, 1/||d||) as scipy does. Stops: the projected gradient's
 * max norm {@code ||P(x - g) - x||_inf} is at most {@code projectedGradientTolerance}, the relative
 * reduction {@code (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1)} is at most
 * {@code relativeReductionTolerance} (scipy's defaults: 1e-5 and 1e7 machine epsilon), the
 * iteration or evaluation budget is spent, or a line search fails twice (the second time after
 * dropping the memory).
 *
 * <p>The result is the best point evaluated (lowest f), which is the last accepted iterate unless
 * a rejected trial point happened to be lower.
 */
public final class BoxLbfgs {
  private static final double ARMIJO = 1e-4;
  private static final int MAX_BACKTRACKS = 20;

  private BoxLbfgs() {}

  /** A smooth function: its value and gradient at x. */
  @FunctionalInterface
  public interface Objective {
    Evaluation evaluate(double[] x);
  }

  /** f(x) and its gradient. */
  public record Evaluation(double value, double[] gradient) {}

  /**
   * @param memory L-BFGS pairs kept (scipy's m, default 10)
   * @param maxIterations iterations (each one line search: one or more evaluations)
   * @param maxEvaluations evaluations of the objective, including the first
   * @param projectedGradientTolerance stop when {@code ||P(x - g) - x||_inf} is at most this
   * @param relativeReductionTolerance stop when an iteration reduces f by at most this, relative
   */
  public record Settings(int memory, int maxIterations, int maxEvaluations,
      double projectedGradientTolerance, double relativeReductionTolerance) {
    public Settings {
      Require.positive("memory", memory);
      Require.positive("maxIterations", maxIterations);
      Require.that(maxEvaluations >= 2, "maxEvaluations", "be >= 2", maxEvaluations);
      Require.that(projectedGradientTolerance >= 0, "projectedGradientTolerance", "be >= 0",
          projectedGradientTolerance);
      Require.that(relativeReductionTolerance >= 0, "relativeReductionTolerance", "be >= 0",
          relativeReductionTolerance);
    }

    /** scipy's defaults (memory 10, pgtol 1e-5, factr 1e7) with the given iteration budget. */
    public static Settings of(int maxIterations) {
      return new Settings(10, maxIterations, Math.max(2, 20 * maxIterations + 1), 1e-5,
          1e7 * Math.ulp(1.0));
    }
  }

  /** Why the minimiser stopped. */
  public enum Stop {
    PROJECTED_GRADIENT, RELATIVE_REDUCTION, MAX_ITERATIONS, MAX_EVALUATIONS, LINE_SEARCH
  }

  /**
   * @param x the best point evaluated
   * @param value f(x) (for {@link #maximize}, the maximum found)
   * @param iterations accepted iterations
   * @param evaluations objective evaluations
   */
  public record Result(double[] x, double value, int iterations, int evaluations, Stop stop) {}

  /** Maximises f over the box: {@link #minimize} on -f, reported in terms of f. */
  public static Result maximize(Objective f, double[] x0, double[] lower, double[] upper, Settings settings) {
    Objective negated = x -> {
      Evaluation e = f.evaluate(x);
      double[] g = e.gradient().clone();
      for (int i = 0; i < g.length; i++) {
        g[i] = -g[i];
      }
      return new Evaluation(-e.value(), g);
    };
    Result r = minimize(negated, x0, lower, upper, settings);
    return new Result(r.x(), -r.value(), r.iterations(), r.evaluations(), r.stop());
  }

  public static Result minimize(Objective f, double[] x0, double[] lower, double[] upper, Settings settings) {
    int n = x0.length;
    Require.that(lower.length == n && upper.length == n, "lower and upper", "have the length of x0 (" + n + ")",
        lower.length + " and " + upper.length);
    for (int i = 0; i < n; i++) {
      if (!(lower[i] <= upper[i])) {
        throw new IllegalArgumentException("lower must be <= upper at every index, got "
            + lower[i] + " > " + upper[i] + " at " + i);
      }
    }
    double[] x = project(x0, lower, upper);
    Evaluation e = checked(f, x);
    int evaluations = 1;
    double fx = e.value();
    double[] g = e.gradient();
    double[] best = x.clone();
    double bestValue = fx;
    LbfgsMemory mem = new LbfgsMemory(settings.memory());
    int iteration = 0;
    boolean retried = false;
    Stop stop = Stop.MAX_ITERATIONS;
    while (iteration < settings.maxIterations()) {
      if (projectedGradientNorm(x, g, lower, upper) <= settings.projectedGradientTolerance()) {
        stop = Stop.PROJECTED_GRADIENT;
        break;
      }
      double[] c = new double[mem.columns()];
      double[] xc = cauchyPoint(x, g, lower, upper, mem, c);
      double[] d = direction(x, g, xc, lower, upper, mem, c);
      double gd = LbfgsMemory.dot(g, d);
      if (!(gd < 0)) {
        d = minus(xc, x);
        gd = LbfgsMemory.dot(g, d);
      }
      double step = iteration == 0 && mem.size() == 0 ? Math.min(1, 1 / Math.sqrt(LbfgsMemory.dot(d, d))) : 1;
      double[] xn = null;
      Evaluation en = null;
      boolean accepted = false;
      for (int k = 0; gd < 0 && k < MAX_BACKTRACKS && evaluations < settings.maxEvaluations(); k++) {
        xn = project(plus(x, step, d), lower, upper);
        en = checked(f, xn);
        evaluations++;
        if (en.value() < bestValue) {
          bestValue = en.value();
          best = xn.clone();
        }
        if (en.value() <= fx + ARMIJO * step * gd) {
          accepted = true;
          break;
        }
        // minimiser of the quadratic through f(0), f'(0) and f(step), kept in [0.1, 0.5] step
        double q = -gd * step * step / (2 * (en.value() - fx - step * gd));
        step = Math.max(0.1 * step, Math.min(0.5 * step, q));
      }
      if (!accepted) {
        if (evaluations >= settings.maxEvaluations()) {
          stop = Stop.MAX_EVALUATIONS;
          break;
        }
        if (mem.size() > 0 && !retried) {
          mem.clear(); // the quasi-Newton direction was poor: retry along the Cauchy path
          retried = true;
          continue;
        }
        stop = Stop.LINE_SEARCH;
        break;
      }
      retried = false;
      iteration++;
      mem.update(minus(xn, x), minus(en.gradient(), g));
      double reduction = (fx - en.value()) / Math.max(Math.max(Math.abs(fx), Math.abs(en.value())), 1);
      x = xn;
      fx = en.value();
      g = en.gradient();
      if (reduction <= settings.relativeReductionTolerance()) {
        stop = Stop.RELATIVE_REDUCTION;
        break;
      }
      if (evaluations >= settings.maxEvaluations()) {
        stop = Stop.MAX_EVALUATIONS;
        break;
      }
    }
    return new Result(best, bestValue, iteration, evaluations, stop);
  }

  /**
   * The generalised Cauchy point (paper, algorithm CP). {@code c} receives W^T (x^c - x), which
   * the subspace step needs.
   */
  static double[] cauchyPoint(double[] x, double[] g, double[] lower, double[] upper,
      LbfgsMemory mem, double[] c) {
    int n = x.length;
    double theta = mem.theta();
    double[] t = new double[n];
    double[] d = new double[n];
    double[] xc = x.clone();
    for (int i = 0; i < n; i++) {
      if (g[i] < 0) {
        t[i] = (x[i] - upper[i]) / g[i];
      } else if (g[i] > 0) {
        t[i] = (x[i] - lower[i]) / g[i];
      } else {
        t[i] = Double.POSITIVE_INFINITY;
      }
      d[i] = t[i] == 0 ? 0 : -g[i];
    }
    Integer[] order = IntStream.range(0, n).filter(i -> t[i] > 0 && t[i] < Double.POSITIVE_INFINITY)
        .boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> t[i]));
    double[] p = mem.wTransposeTimes(d);
    double fp = -LbfgsMemory.dot(d, d);
    double fpp0 = -theta * fp;
    double fpp = fpp0 - LbfgsMemory.dot(p, mem.mTimes(p));
    fpp = Math.max(fpp, Math.ulp(1.0) * fpp0);
    double dtMin = fp < 0 ? -fp / fpp : 0;
    double tOld = 0;
    int j = 0;
    double dt = (order.length > 0 ? t[order[0]] : Double.POSITIVE_INFINITY) - tOld;
    while (dtMin >= dt) {
      int b = order[j];
      xc[b] = d[b] > 0 ? upper[b] : lower[b];
      double zb = xc[b] - x[b];
      double gb = g[b];
      double[] wb = mem.row(b);
      for (int k = 0; k < c.length; k++) {
        c[k] += dt * p[k];
      }
      fp += dt * fpp + gb * gb + theta * gb * zb - gb * LbfgsMemory.dot(wb, mem.mTimes(c));
      double[] mw = mem.mTimes(wb);
      fpp += -theta * gb * gb - 2 * gb * LbfgsMemory.dot(mw, p) - gb * gb * LbfgsMemory.dot(wb, mw);
      fpp = Math.max(fpp, Math.ulp(1.0) * fpp0);
      for (int k = 0; k < p.length; k++) {
        p[k] += gb * wb[k];
      }
      d[b] = 0;
      dtMin = -fp / fpp;
      tOld = t[b];
      j++;
      dt = (j < order.length ? t[order[j]] : Double.POSITIVE_INFINITY) - tOld;
    }
    dtMin = Math.max(dtMin, 0);
    tOld += dtMin;
    for (int i = 0; i < n; i++) {
      if (d[i] != 0) {
        xc[i] = Math.max(lower[i], Math.min(upper[i], x[i] + tOld * d[i]));
      }
    }
    for (int k = 0; k < c.length; k++) {
      c[k] += dtMin * p[k];
    }
    return xc;
  }

  /**
   * xbar - x, where xbar minimises the model over the variables free at x^c (paper, section 5.1):
   * {@code du = -Bhat^-1 r}, {@code r = Z^T (g + theta (x^c - x) - W M c)},
   * {@code Bhat^-1 = I/theta + Z^T W (I - M W^T Z Z^T W / theta)^-1 M W^T Z / theta^2}.
   */
  private static double[] direction(double[] x, double[] g, double[] xc, double[] lower, double[] upper,
      LbfgsMemory mem, double[] c) {
    int n = x.length;
    double theta = mem.theta();
    int[] free = IntStream.range(0, n).filter(i -> xc[i] > lower[i] && xc[i] < upper[i]).toArray();
    if (free.length == 0) {
      return minus(xc, x);
    }
    int cols = mem.columns();
    double[] mc = mem.mTimes(c);
    double[] r = new double[free.length];
    double[][] rows = new double[free.length][];
    double[] wzr = new double[cols];
    double[][] wzzw = new double[cols][cols];
    for (int f = 0; f < free.length; f++) {
      int i = free[f];
      rows[f] = mem.row(i);
      r[f] = g[i] + theta * (xc[i] - x[i]) - LbfgsMemory.dot(rows[f], mc);
      for (int a = 0; a < cols; a++) {
        wzr[a] += rows[f][a] * r[f];
        for (int b = 0; b < cols; b++) {
          wzzw[a][b] += rows[f][a] * rows[f][b];
        }
      }
    }
    double[] q = new double[cols];
    if (cols > 0) {
      double[][] k = DenseLinear.times(mem.m(), wzzw);
      for (int a = 0; a < cols; a++) {
        for (int b = 0; b < cols; b++) {
          k[a][b] = (a == b ? 1 : 0) - k[a][b] / theta;
        }
      }
      q = DenseLinear.solve(k, mem.mTimes(wzr));
    }
    double[] du = new double[free.length];
    for (int f = 0; f < free.length; f++) {
      du[f] = -r[f] / theta - LbfgsMemory.dot(rows[f], q) / (theta * theta);
    }
    // projected subspace step; if it does not descend, the step truncated to the box
    double[] xbar = xc.clone();
    for (int f = 0; f < free.length; f++) {
      int i = free[f];
      xbar[i] = Math.max(lower[i], Math.min(upper[i], xc[i] + du[f]));
    }
    double[] d = minus(xbar, x);
    if (LbfgsMemory.dot(g, d) < 0) {
      return d;
    }
    double alpha = 1;
    for (int f = 0; f < free.length; f++) {
      int i = free[f];
      if (du[f] > 0) {
        alpha = Math.min(alpha, (upper[i] - xc[i]) / du[f]);
      } else if (du[f] < 0) {
        alpha = Math.min(alpha, (lower[i] - xc[i]) / du[f]);
      }
    }
    xbar = xc.clone();
    for (int f = 0; f < free.length; f++) {
      int i = free[f];
      xbar[i] = Math.max(lower[i], Math.min(upper[i], xc[i] + alpha * du[f]));
    }
    return minus(xbar, x);
  }

  /** {@code ||P(x - g) - x||_inf}: zero exactly at a stationary point of the box problem. */
  static double projectedGradientNorm(double[] x, double[] g, double[] lower, double[] upper) {
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      double pi = Math.max(lower[i], Math.min(upper[i], x[i] - g[i]));
      m = Math.max(m, Math.abs(pi - x[i]));
    }
    return m;
  }

  private static Evaluation checked(Objective f, double[] x) {
    Evaluation e = f.evaluate(x);
    if (!Double.isFinite(e.value()) || e.gradient().length != x.length) {
      throw new IllegalStateException("the objective must return a finite value and a gradient of length "
          + x.length + ", got " + e.value() + " and length " + e.gradient().length);
    }
    return e;
  }

  private static double[] project(double[] x, double[] lower, double[] upper) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.max(lower[i], Math.min(upper[i], x[i]));
    }
    return out;
  }

  private static double[] plus(double[] a, double s, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + s * b[i];
    }
    return out;
  }

  private static double[] minus(double[] a, double[] b) {
    return plus(a, -1, b);
  }
}
