package io.github.llr4j.core.diag.curve;

import io.github.llr4j.core.diag.psi.ReluMlpLayout;

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
  public static Aligned align(ReluMlpLayout layout, double[] a, double[] b) {
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

  /** The Euclidean norm of hidden unit j's incoming weights and bias in layer l (1-based) of {@code w}. */
  public static double incomingNorm(ReluMlpLayout layout, double[] w, int l, int j) {
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
  private static void rescale(ReluMlpLayout layout, double[] w, int l, int j, double c) {
    for (int i = 0; i < layout.widths()[l - 1]; i++) w[layout.kernelIndex(l, i, j)] *= c;
    if (layout.hasBias(l)) w[layout.biasIndex(l, j)] *= c;
    for (int k = 0; k < layout.widths()[l + 1]; k++) w[layout.kernelIndex(l + 1, j, k)] /= c;
  }

  private static void check(ReluMlpLayout layout, String name, double[] w) {
    if (w == null || w.length != layout.size())
      throw new IllegalArgumentException(name + " must hold the MLP's " + layout.size() + " parameters, got "
          + (w == null ? null : w.length));
  }
}
