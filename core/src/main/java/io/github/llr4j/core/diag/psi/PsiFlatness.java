package io.github.llr4j.core.diag.psi;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Session;

/**
 * PSI-flatness of the loss around the current weights, measured in basis-path space.
 *
 * <p>The basis-path values v (see {@link BasisPaths}) determine the network function, so the loss
 * is a function of v alone and every measure taken in v is unchanged by positive rescalings of
 * hidden units. Perturbation: each basis value moves by a relative amount,
 * {@code v_k (1 + eps u_k)} with u_k uniform in [-1, 1] (the box of relative radius eps), realised
 * by multiplying the (folded, see {@link FoldedNetwork}) weights by {@link BasisPaths#logFactors}
 * and unfolding them onto the model's variables. Reported: the largest and the mean
 * loss increase over {@code samples} seeded draws (the largest is a lower bound of the maximum over
 * the box), and the ratio of the largest to the smallest non-zero |v|, the quantity the
 * generalisation bound of Yi et al. (arXiv 1903.02237) grows with. Only the paper's abstract was
 * available here: the random relative box is this library's reading of "perturbations in
 * basis-path space", not the paper's exact estimator.
 *
 * @param paths number of basis paths
 * @param zeroPaths paths whose value is exactly 0 (excluded from the ratio)
 * @param maxAbsValue largest |v|
 * @param minAbsValue smallest non-zero |v|
 * @param loss the loss at the weights
 * @param eps relative radius
 * @param samples perturbations drawn
 * @param maxIncrease largest loss increase seen (PSI-sharpness)
 * @param meanIncrease mean loss increase
 * @param seconds wall time
 */
public record PsiFlatness(int paths, int zeroPaths, double maxAbsValue, double minAbsValue, double loss, double eps,
    int samples, double maxIncrease, double meanIncrease, double seconds) {

  /** max |v| / min non-zero |v|. */
  public double ratio() {
    return maxAbsValue / minAbsValue;
  }

  /** Only the value statistics (no loss evaluations) of the folded weights {@code w}. */
  public static PsiFlatness values(BasisPaths basis, double[] w) {
    double[] v = basis.values(w);
    int zeros = 0;
    double max = 0, min = Double.POSITIVE_INFINITY;
    for (double x : v) {
      double a = Math.abs(x);
      if (a == 0) zeros++;
      else min = Math.min(min, a);
      max = Math.max(max, a);
    }
    return new PsiFlatness(v.length, zeros, max, zeros == v.length ? Double.NaN : min, Double.NaN, 0, 0,
        Double.NaN, Double.NaN, 0);
  }

  /**
   * The values' statistics and the loss increase under {@code samples} relative perturbations of
   * radius {@code eps} in basis-path space of {@code net} (the probe's model read as a plain ReLU
   * network, {@link FoldedNetwork#read}); the weights are put back afterwards.
   */
  public static PsiFlatness measure(LossProbe probe, Session session, List<Batch> data, FoldedNetwork net, double eps,
      int samples, long seed) {
    if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("PSI eps must be in (0, 1) (a relative radius), got " + eps);
    if (samples < 1) throw new IllegalArgumentException("PSI samples must be >= 1, got " + samples);
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    BasisPaths basis = BasisPaths.of(net.folded());
    double[] folded0 = net.fold(w0);
    PsiFlatness stats = values(basis, folded0);
    SplittableRandom r = new SplittableRandom(seed);
    double base, max = Double.NEGATIVE_INFINITY, sum = 0;
    try {
      base = probe.loss(session, data);
      double[] delta = new double[basis.count()];
      double[] folded = new double[folded0.length];
      for (int s = 0; s < samples; s++) {
        for (int k = 0; k < delta.length; k++) delta[k] = Math.log1p(eps * (2 * r.nextDouble() - 1));
        double[] f = basis.logFactors(delta);
        for (int p = 0; p < folded.length; p++) folded[p] = folded0[p] * Math.exp(f[p]);
        probe.setWeights(session, net.unfold(folded, w0));
        double inc = probe.loss(session, data) - base;
        max = Math.max(max, inc);
        sum += inc;
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new PsiFlatness(stats.paths, stats.zeroPaths, stats.maxAbsValue, stats.minAbsValue, base, eps, samples, max,
        sum / samples, (System.nanoTime() - t0) / 1e9);
  }
}
