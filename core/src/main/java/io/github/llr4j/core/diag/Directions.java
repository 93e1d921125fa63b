package io.github.llr4j.core.diag;

import java.util.Random;

/**
 * Random directions in weight space for loss surfaces, filter-normalised as in Li et al. 2018
 * ("Visualizing the Loss Landscape of Neural Nets"; spec section 9): a Gaussian direction d is
 * rescaled filter by filter, {@code d_f <- d_f * ||w_f|| / ||d_f||}, so that every filter moves in
 * proportion to its own size and the picture does not depend on the scale of a layer. A filter is
 * one slice along the last axis of a variable of rank >= 2: one output channel of a conv kernel
 * {@code [kh, kw, in, out]}, one output unit of a dense kernel {@code [in, out]} (a row of
 * PyTorch's {@code [out, in]} weight). Variables of rank 0 or 1 (biases, batch-norm gamma and beta)
 * get 0, as in the reference. A filter whose weights are all zero gets 0.
 */
public final class Directions {

  private Directions() {}

  /** A filter-normalised Gaussian direction for weights {@code w} laid out by {@code layout}. */
  public static double[] filterNormalised(ParameterLayout layout, double[] w, long seed) {
    if (w == null || w.length != layout.size())
      throw new IllegalArgumentException("w must have " + layout.size() + " entries, got " + (w == null ? null : w.length));
    Random r = new Random(seed);
    double[] d = new double[layout.size()];
    for (int v = 0; v < layout.count(); v++) {
      var shape = layout.shapes().get(v);
      int off = layout.offset(v), len = layout.length(v);
      // draw for every variable, so a variable's draw does not depend on which ones are zeroed
      double[] raw = new double[len];
      for (int k = 0; k < len; k++) raw[k] = r.nextGaussian();
      if (shape.numDimensions() < 2) continue;
      int out = (int) shape.get(shape.numDimensions() - 1);
      double[] wn = new double[out], dn = new double[out];
      for (int k = 0; k < len; k++) {
        int f = k % out;
        wn[f] += w[off + k] * w[off + k];
        dn[f] += raw[k] * raw[k];
      }
      for (int k = 0; k < len; k++) {
        int f = k % out;
        d[off + k] = dn[f] == 0 ? 0 : raw[k] * Math.sqrt(wn[f] / dn[f]);
      }
    }
    return d;
  }
}
