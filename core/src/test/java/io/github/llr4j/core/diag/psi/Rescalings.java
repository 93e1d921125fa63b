package io.github.llr4j.core.diag.psi;

import java.util.Random;

/** Random positive rescalings of hidden units, the symmetry basis paths must not see. */
final class Rescalings {
  private Rescalings() {}

  /**
   * Each hidden unit (neuron or channel) j of layer l: every incoming tap and its bias x c, every
   * outgoing tap / c, with c = 5^u, u uniform in [-1, 1].
   */
  static double[] rescale(ReluNetLayout net, double[] w, Random r) {
    double[] out = w.clone();
    int[] n = net.widths();
    for (int l = 1; l < n.length - 1; l++)
      for (int j = 0; j < n[l]; j++) {
        double c = Math.exp(Math.log(5) * (2 * r.nextDouble() - 1));
        for (int t = 0; t < net.taps(l); t++)
          for (int i = 0; i < n[l - 1]; i++) out[net.kernelIndex(l, t, i, j)] *= c;
        if (net.hasBias(l)) out[net.biasIndex(l, j)] *= c;
        for (int t = 0; t < net.taps(l + 1); t++)
          for (int k = 0; k < n[l + 1]; k++) out[net.kernelIndex(l + 1, t, j, k)] /= c;
      }
    return out;
  }

  /** Largest relative change between two basis-value vectors (entries that are 0 before skipped). */
  static double worstRelativeChange(double[] before, double[] after) {
    double worst = 0;
    for (int k = 0; k < before.length; k++)
      if (before[k] != 0) worst = Math.max(worst, Math.abs(after[k] - before[k]) / Math.abs(before[k]));
    return worst;
  }
}
