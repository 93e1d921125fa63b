package io.github.llr4j.core.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Top Hessian eigenvalues and the Hessian trace from Hessian-vector products.
 *
 * <p>Eigenvalues: power iteration with deflation. For the j-th pair, starting from a seeded
 * Gaussian vector, {@code v <- A_j v / ||A_j v||} with {@code A_j v = H v - sum_{i<j} lambda_i
 * (u_i . v) u_i}; the estimate is the Rayleigh quotient {@code v . A_j v}; it stops when two
 * successive estimates differ by at most {@code tolerance * |lambda|} or after
 * {@code maxIterations} products. Power iteration finds the eigenvalue of largest magnitude, which
 * near a minimum is the top (positive) one.
 *
 * <p>Trace: Hutchinson's estimator {@code tr H ~ mean_s z_s . H z_s} with seeded Rademacher
 * {@code z_s}; its standard error is reported. For a diagonal H a single sample is exact.
 *
 * <p>A variable group restricts both to a block of H: vectors are zero outside the group's mask
 * and products are projected back onto it (the block's own eigenvalues and trace).
 */
public final class HessianSpectrum {

  private HessianSpectrum() {}

  /**
   * Result of {@link #topEigenvalues}.
   *
   * @param values eigenvalues, in the order found (largest magnitude first)
   * @param vectors unit eigenvectors (flat, full length; zero outside the group)
   * @param iterations products used per eigenvalue
   * @param converged whether each one met the tolerance within the budget
   * @param products Hessian-vector products in total
   * @param seconds wall time
   */
  public record Eigen(double[] values, List<double[]> vectors, int[] iterations, boolean[] converged,
      double tolerance, int maxIterations, long products, double seconds) {
    public double top() { return values[0]; }
  }

  /**
   * Result of {@link #trace}.
   *
   * @param estimate mean of the samples
   * @param standardError sample standard deviation / sqrt(samples) (0 for one sample)
   */
  public record Trace(double estimate, double standardError, int samples, long products, double seconds) {}

  /** The top {@code k} eigenpairs of H (restricted to {@code mask}; null = all parameters). */
  public static Eigen topEigenvalues(HessianVectorProduct hvp, int k, int maxIterations, double tolerance,
      long seed, boolean[] mask) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    if (maxIterations < 2) throw new IllegalArgumentException("maxIterations must be >= 2, got " + maxIterations);
    if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
    checkMask(hvp, mask);
    long t0 = System.nanoTime();
    long before = hvp.count();
    int n = hvp.dimension();
    Random r = new Random(seed);
    double[] values = new double[k];
    List<double[]> vectors = new ArrayList<>();
    int[] its = new int[k];
    boolean[] conv = new boolean[k];
    for (int j = 0; j < k; j++) {
      double[] v = Vectors.gaussian(n, r, mask);
      orthogonalise(v, vectors);
      Vectors.scale(v, 1 / Vectors.norm(v));
      double lambda = Double.NaN;
      int it = 0;
      while (it < maxIterations) {
        double[] av = deflated(hvp, v, mask, vectors, values);
        it++;
        double next = Vectors.dot(v, av);
        double norm = Vectors.norm(av);
        boolean done = it > 1 && Math.abs(next - lambda) <= tolerance * Math.abs(next);
        lambda = next;
        if (norm == 0) { done = true; }
        else {
          Vectors.scale(av, 1 / norm);
          orthogonalise(av, vectors);
          Vectors.scale(av, 1 / Vectors.norm(av));
          v = av;
        }
        if (done) { conv[j] = true; break; }
      }
      values[j] = lambda;
      its[j] = it;
      vectors.add(v);
    }
    return new Eigen(values, vectors, its, conv, tolerance, maxIterations, hvp.count() - before,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Hutchinson's trace estimate from {@code samples} Rademacher vectors (restricted to {@code mask}). */
  public static Trace trace(HessianVectorProduct hvp, int samples, long seed, boolean[] mask) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    checkMask(hvp, mask);
    long t0 = System.nanoTime();
    long before = hvp.count();
    Random r = new Random(seed);
    double sum = 0, sumSq = 0;
    for (int s = 0; s < samples; s++) {
      double[] z = Vectors.rademacher(hvp.dimension(), r, mask);
      double q = Vectors.dot(z, hvp.apply(z));
      sum += q;
      sumSq += q * q;
    }
    double mean = sum / samples;
    double se = samples < 2 ? 0 : Math.sqrt(Math.max(0, (sumSq - samples * mean * mean) / (samples - 1)) / samples);
    return new Trace(mean, se, samples, hvp.count() - before, (System.nanoTime() - t0) / 1e9);
  }

  private static double[] deflated(HessianVectorProduct hvp, double[] v, boolean[] mask, List<double[]> us,
      double[] lambdas) {
    double[] hv = hvp.apply(v);
    Vectors.project(hv, mask);
    for (int i = 0; i < us.size(); i++) Vectors.axpy(-lambdas[i] * Vectors.dot(us.get(i), v), us.get(i), hv);
    return hv;
  }

  private static void orthogonalise(double[] v, List<double[]> us) {
    for (double[] u : us) Vectors.axpy(-Vectors.dot(u, v), u, v);
  }

  private static void checkMask(HessianVectorProduct hvp, boolean[] mask) {
    if (mask == null) return;
    if (mask.length != hvp.dimension())
      throw new IllegalArgumentException("mask must have " + hvp.dimension() + " entries, got " + mask.length);
    boolean any = false;
    for (boolean b : mask) any |= b;
    if (!any) throw new IllegalArgumentException("mask must select at least one parameter, got none");
  }
}
