package io.github.llr4j.core.diag.curve;

import io.github.llr4j.core.diag.psi.ReluNetLayout;

/**
 * Aligns one ReLU MLP's weights to another's through positive scale invariance, before the two are
 * connected: ReLU is positively homogeneous (relu(c z) = c relu(z) for c > 0), so multiplying a
 * hidden unit's incoming weights and bias by c and its outgoing weights by 1/c leaves the network's
 * function unchanged (Neyshabur et al. 2015; Yi et al. 2019 build PSI-flatness on it; Yuan and
 * Xiao 2020 combine it with mode connectivity to build an ensemble).
 *
 * <p>The alignment chosen here: layer by layer from the input, each hidden unit j of model B gets
 * the c that makes the Euclidean norm of its incoming vector (kernel column j of its layer and its
 * bias) equal to that of the same unit of model A: {@code c = |a_in(j)| / |b_in(j)|}. One degree of
 * freedom per unit, so one norm per unit can be matched; the incoming one is matched because it is
 * what the unit's pre-activation scale depends on, and the outgoing rows then carry 1/c. Units are
 * processed in layer order, so a unit's incoming vector already carries the 1/c of the layer below
 * when its own c is computed: after the pass every hidden unit's incoming norm equals A's.
 *
 * <p>Why align before connecting: the two end points of B (raw and aligned) are the same function,
 * but the straight line and the curve between A and B depend on which point of B's scale orbit is
 * used; with matched norms the units of the two models are on a common scale, so points on the
 * path do not mix a unit of size 10 with one of size 0.1. Units are not permuted (no neuron
 * matching): that is a different alignment.
 *
 * <p>A unit whose incoming vector is zero in A or in B (a dead or pruned unit) cannot be matched by
 * a positive c; it keeps c = 1 and is counted in {@link Aligned#unmatched()}.
 *
 * <p>{@link #closest} is the other alignment: the point of B's scale orbit nearest to A in
 * Euclidean distance, by coordinate descent over the units (each unit's c minimises
 * {@code |a_in - c b_in|^2 + |a_out - b_out / c|^2}, the only terms of the distance it changes, so
 * every step lowers the distance; sweeps repeat until a sweep gains less than 1e-12 of it). It
 * matches no norm, but the straight line between A and it is the shortest among B's rescalings.
 */
public final class ScaleAlignment {
  private ScaleAlignment() {}

  /**
   * B's aligned weights and the factors used.
   *
   * @param weights B after the rescaling, flat in {@code layout}'s order
   * @param scales c per hidden unit: {@code scales[l - 1][j]} for layer l = 1 .. L - 1
   * @param unmatched hidden units left at c = 1 because a norm was zero
   */
  public record Aligned(double[] weights, double[][] scales, int unmatched) {
    /** The smallest c over all hidden units (1 without hidden units). */
    public double minScale() {
      double m = Double.POSITIVE_INFINITY;
      for (double[] l : scales) for (double c : l) m = Math.min(m, c);
      return scales.length == 0 ? 1 : m;
    }

    /** The largest c over all hidden units (1 without hidden units). */
    public double maxScale() {
      double m = Double.NEGATIVE_INFINITY;
      for (double[] l : scales) for (double c : l) m = Math.max(m, c);
      return scales.length == 0 ? 1 : m;
    }
  }

  /** Rescales the hidden units of {@code b} so that their incoming norms equal {@code a}'s (see the class). */
  public static Aligned align(ReluNetLayout layout, double[] a, double[] b) {
    check(layout, "a", a);
    check(layout, "b", b);
    double[] w = b.clone();
    int hidden = layout.layers() - 1;
    double[][] scales = new double[hidden][];
    int unmatched = 0;
    for (int l = 1; l <= hidden; l++) {
      int n = layout.widths()[l];
      scales[l - 1] = new double[n];
      for (int j = 0; j < n; j++) {
        double na = incomingNorm(layout, a, l, j), nb = incomingNorm(layout, w, l, j);
        double c = na / nb;
        if (!(na > 0 && nb > 0 && c > 0 && Double.isFinite(c))) { // zero norm (or a ratio out of double's range)
          c = 1;
          unmatched++;
        }
        scales[l - 1][j] = c;
        if (c != 1) rescale(layout, w, l, j, c);
      }
    }
    return new Aligned(w, scales, unmatched);
  }

  /**
   * Rescales the hidden units of {@code b} to the nearest point of its scale orbit to {@code a}
   * (a local minimum of the distance, see the class); at most {@code maxSweeps} sweeps.
   */
  public static Aligned closest(ReluNetLayout layout, double[] a, double[] b, int maxSweeps) {
    check(layout, "a", a);
    check(layout, "b", b);
    if (maxSweeps < 1) throw new IllegalArgumentException("maxSweeps must be >= 1, got " + maxSweeps);
    double[] w = b.clone();
    int hidden = layout.layers() - 1;
    double[][] scales = new double[hidden][];
    for (int l = 1; l <= hidden; l++) java.util.Arrays.fill(scales[l - 1] = new double[layout.widths()[l]], 1);
    boolean[][] movable = new boolean[hidden][];
    int unmatched = 0;
    double before = squaredDistance(a, w);
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      for (int l = 1; l <= hidden; l++) {
        if (sweep == 0) movable[l - 1] = new boolean[layout.widths()[l]];
        for (int j = 0; j < layout.widths()[l]; j++) {
          double[] d = dots(layout, a, w, l, j);
          if (sweep == 0) {
            // without incoming (or outgoing) weights the distance is monotone in c: no minimum to move to
            movable[l - 1][j] = d[0] > 0 && d[2] > 0;
            if (!movable[l - 1][j]) unmatched++;
          }
          if (!movable[l - 1][j]) continue;
          double c = bestScale(d[0], d[1], d[2], d[3]);
          if (c != 1) {
            rescale(layout, w, l, j, c);
            scales[l - 1][j] *= c;
          }
        }
      }
      double after = squaredDistance(a, w);
      if (before - after <= 1e-12 * before) break;
      before = after;
    }
    return new Aligned(w, scales, unmatched);
  }

  /** {|b_in|^2, a_in . b_in, |b_out|^2, a_out . b_out} of hidden unit j of layer l, with b = w. */
  private static double[] dots(ReluNetLayout layout, double[] a, double[] w, int l, int j) {
    double pp = 0, p = 0, qq = 0, q = 0;
    for (int i = 0; i < layout.widths()[l - 1]; i++) {
      int x = layout.kernelIndex(l, i, j);
      pp += w[x] * w[x];
      p += a[x] * w[x];
    }
    if (layout.hasBias(l)) {
      int x = layout.biasIndex(l, j);
      pp += w[x] * w[x];
      p += a[x] * w[x];
    }
    for (int k = 0; k < layout.widths()[l + 1]; k++) {
      int x = layout.kernelIndex(l + 1, j, k);
      qq += w[x] * w[x];
      q += a[x] * w[x];
    }
    return new double[] {pp, p, qq, q};
  }

  /**
   * The c > 0 minimising {@code g(c) = P c^2 - 2 p c + Q / c^2 - 2 q / c} (the unit's part of the
   * squared distance up to a constant; P, Q > 0): a grid over log c in [1e-4, 1e4], then golden
   * section around the best grid point, Newton steps to polish; 1 unless that lowers g (g can have
   * two local minima).
   */
  static double bestScale(double pp, double p, double qq, double q) {
    java.util.function.DoubleUnaryOperator g = u -> {
      double c = Math.exp(u);
      return pp * c * c - 2 * p * c + qq / (c * c) - 2 * q / c;
    };
    int half = 80;
    double span = Math.log(1e4), step = span / half;
    int best = half;
    double bestG = g.applyAsDouble(0);
    for (int i = 0; i <= 2 * half; i++) {
      double v = g.applyAsDouble((i - half) * step);
      if (v < bestG) {
        bestG = v;
        best = i;
      }
    }
    double lo = (best - half - 1) * step, hi = (best - half + 1) * step, r = (Math.sqrt(5) - 1) / 2;
    double x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo), g1 = g.applyAsDouble(x1), g2 = g.applyAsDouble(x2);
    for (int it = 0; it < 80; it++) {
      if (g1 < g2) {
        hi = x2;
        x2 = x1;
        g2 = g1;
        x1 = hi - r * (hi - lo);
        g1 = g.applyAsDouble(x1);
      } else {
        lo = x1;
        x1 = x2;
        g1 = g2;
        x2 = lo + r * (hi - lo);
        g2 = g.applyAsDouble(x2);
      }
    }
    double c = Math.exp(g1 < g2 ? x1 : x2);
    // golden section stops near sqrt(machine epsilon); Newton on g'(c) c^3 / 2 = P c^4 - p c^3 + q c - Q
    // takes the stationary point to full precision (each step kept only while it stays positive and
    // shrinks that residual: near the minimum g itself is flat to rounding and cannot judge a step)
    for (int it = 0; it < 6; it++) {
      double f = stationarity(pp, p, qq, q, c), df = (4 * pp * c - 3 * p) * c * c + q;
      double next = c - f / df;
      if (!(next > 0 && Double.isFinite(next)) || Math.abs(stationarity(pp, p, qq, q, next)) >= Math.abs(f)) break;
      c = next;
    }
    return g.applyAsDouble(Math.log(c)) < g.applyAsDouble(0) ? c : 1;
  }

  /** {@code P c^4 - p c^3 + q c - Q}, zero where g'(c) is. */
  private static double stationarity(double pp, double p, double qq, double q, double c) {
    return ((pp * c - p) * c * c + q) * c - qq;
  }

  /** The Euclidean distance between two weight vectors of equal length (what {@link #closest} lowers). */
  public static double distance(double[] x, double[] y) {
    return Math.sqrt(squaredDistance(x, y));
  }

  private static double squaredDistance(double[] x, double[] y) {
    if (x.length != y.length)
      throw new IllegalArgumentException("weight vectors must have equal lengths, got " + x.length + " and " + y.length);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
    return s;
  }

  /** The Euclidean norm of hidden unit j's incoming weights and bias in layer l (1-based) of {@code w}. */
  public static double incomingNorm(ReluNetLayout layout, double[] w, int l, int j) {
    check(layout, "w", w);
    if (l < 1 || l > layout.layers()) throw new IllegalArgumentException("layer must be in [1, " + layout.layers() + "], got " + l);
    if (j < 0 || j >= layout.widths()[l]) throw new IllegalArgumentException("unit must be in [0, " + layout.widths()[l] + "), got " + j);
    double s = 0;
    for (int i = 0; i < layout.widths()[l - 1]; i++) {
      double v = w[layout.kernelIndex(l, i, j)];
      s += v * v;
    }
    if (layout.hasBias(l)) s += w[layout.biasIndex(l, j)] * w[layout.biasIndex(l, j)];
    return Math.sqrt(s);
  }

  /** Unit j of layer l: incoming column and bias times c, outgoing row of layer l + 1 divided by c. */
  private static void rescale(ReluNetLayout layout, double[] w, int l, int j, double c) {
    for (int i = 0; i < layout.widths()[l - 1]; i++) w[layout.kernelIndex(l, i, j)] *= c;
    if (layout.hasBias(l)) w[layout.biasIndex(l, j)] *= c;
    for (int k = 0; k < layout.widths()[l + 1]; k++) w[layout.kernelIndex(l + 1, j, k)] /= c;
  }

  /** Refuses a layout with convolutions: alignment reads ReLU MLPs (dense layers) only. */
  public static void requireMlp(ReluNetLayout layout) {
    // a convolution's unit has kh*kw taps per input channel; the norms and sweeps here read one weight per pair
    for (int l = 1; l <= layout.layers(); l++)
      if (layout.taps(l) != 1)
        throw new IllegalArgumentException("scale alignment reads ReLU MLPs (dense layers) only; layer " + l + " has "
            + layout.taps(l) + " kernel positions per unit pair");
  }

  private static void check(ReluNetLayout layout, String name, double[] w) {
    requireMlp(layout);
    if (w == null || w.length != layout.size())
      throw new IllegalArgumentException(name + " must hold the MLP's " + layout.size() + " parameters, got "
          + (w == null ? null : w.length));
  }
}
