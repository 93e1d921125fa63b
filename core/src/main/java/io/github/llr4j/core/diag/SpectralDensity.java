package io.github.llr4j.core.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Eigenvalue density of a symmetric operator (the Hessian) by stochastic Lanczos quadrature (Ubaru,
 * Chen, Saad, SIAM J. Matrix Anal. Appl. 2017; Ghorbani, Krishnan, Xiao, ICML 2019).
 *
 * <p>For each of {@code vectors} seeded Rademacher start vectors v (unit norm), {@code steps}
 * Lanczos steps with full reorthogonalisation build the tridiagonal T_m; its eigenvalues theta_k
 * (Ritz values) are the quadrature nodes and the squared first components tau_k^2 of its unit
 * eigenvectors the weights, so that {@code v^T g(H) v ~ sum_k tau_k^2 g(theta_k)}. Averaging over
 * the vectors gives the spectral measure {@code (1/n) sum_i delta(t - lambda_i)}: the weights of one
 * vector sum to 1, so the averaged weights are fractions of the n eigenvalues. The density on a
 * grid is the Gaussian-broadened measure {@code phi(t) = sum_k w_k N(t; theta_k, sigma^2)}.
 *
 * <p>When the Krylov space is exhausted (off-diagonal beta <= 1e-10 times the largest |alpha|,
 * beta seen so far: H has fewer distinct eigenvalues, restricted to the start vector, than
 * {@code steps}) the run stops early; the Ritz values are then the distinct eigenvalues exactly
 * and, with Rademacher vectors, the weight of an eigenvalue of a diagonal H is its multiplicity
 * over n.
 *
 * <p>Cost: {@code steps * vectors} operator products and O(steps * n) memory per vector.
 */
public final class SpectralDensity {

  private SpectralDensity() {}

  /**
   * Nodes and weights of the quadrature.
   *
   * @param nodes Ritz values of every vector, concatenated
   * @param weights their weights (tau_k^2 / vectors), summing to 1
   * @param steps Lanczos steps asked per vector
   * @param vectors start vectors
   * @param products operator products used
   * @param seconds wall time
   */
  public record Quadrature(double[] nodes, double[] weights, int steps, int vectors, long products, double seconds) {

    /** Weight of the nodes with |theta| <= tolerance: the fraction of eigenvalues within tolerance of 0. */
    public double massNear(double zero, double tolerance) {
      double m = 0;
      for (int i = 0; i < nodes.length; i++) if (Math.abs(nodes[i] - zero) <= tolerance) m += weights[i];
      return m;
    }

    /** Weight of the nodes below {@code -tolerance}: the fraction of clearly negative eigenvalues. */
    public double negativeMass(double tolerance) {
      double m = 0;
      for (int i = 0; i < nodes.length; i++) if (nodes[i] < -tolerance) m += weights[i];
      return m;
    }

    /** Largest |node|, the scale of the spectrum. */
    public double maxAbs() {
      double m = 0;
      for (double x : nodes) m = Math.max(m, Math.abs(x));
      return m;
    }

    public double min() {
      double m = Double.POSITIVE_INFINITY;
      for (double x : nodes) m = Math.min(m, x);
      return m;
    }

    public double max() {
      double m = Double.NEGATIVE_INFINITY;
      for (double x : nodes) m = Math.max(m, x);
      return m;
    }

    /** The Gaussian-broadened density {@code sum_k w_k N(t; theta_k, sigma^2)} at each grid point. */
    public double[] density(double[] grid, double sigma) {
      if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
      double[] out = new double[grid.length];
      double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
      for (int g = 0; g < grid.length; g++) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) {
          double z = (grid[g] - nodes[i]) / sigma;
          s += weights[i] * Math.exp(-0.5 * z * z);
        }
        out[g] = s * norm;
      }
      return out;
    }

    /** {@code points} evenly spaced values covering [min - 3 sigma, max + 3 sigma]. */
    public double[] grid(double sigma, int points) {
      if (points < 2) throw new IllegalArgumentException("points must be >= 2, got " + points);
      double lo = min() - 3 * sigma, hi = max() + 3 * sigma;
      double[] out = new double[points];
      for (int i = 0; i < points; i++) out[i] = lo + (hi - lo) * i / (points - 1);
      return out;
    }
  }

  /** SLQ on Hessian-vector products. */
  public static Quadrature estimate(HessianVectorProduct hvp, int steps, int vectors, long seed) {
    return estimate(hvp.dimension(), hvp::apply, steps, vectors, seed);
  }

  /**
   * SLQ on any symmetric operator of dimension {@code n} ({@code op} must not modify its argument).
   * {@code steps} is capped at n.
   */
  public static Quadrature estimate(int n, UnaryOperator<double[]> op, int steps, int vectors, long seed) {
    if (n < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + n);
    if (steps < 1) throw new IllegalArgumentException("Lanczos steps must be >= 1, got " + steps);
    if (vectors < 1) throw new IllegalArgumentException("start vectors must be >= 1, got " + vectors);
    long t0 = System.nanoTime();
    Random r = new Random(seed);
    int m = Math.min(steps, n);
    List<Double> nodes = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    long products = 0;
    for (int s = 0; s < vectors; s++) {
      double[] v = Vectors.rademacher(n, r, null);
      Vectors.scale(v, 1 / Vectors.norm(v));
      List<double[]> basis = new ArrayList<>();
      double[] alpha = new double[m];
      double[] beta = new double[m];
      int k = 0;
      double scale = 0;
      while (true) {
        basis.add(v);
        double[] w = op.apply(v).clone();
        products++;
        if (w.length != n) throw new IllegalArgumentException("operator must return " + n + " entries, got " + w.length);
        alpha[k] = Vectors.dot(v, w);
        // full reorthogonalisation, twice (classical Gram-Schmidt is stable with one repetition)
        for (int pass = 0; pass < 2; pass++)
          for (double[] q : basis) Vectors.axpy(-Vectors.dot(q, w), q, w);
        double b = Vectors.norm(w);
        scale = Math.max(scale, Math.max(Math.abs(alpha[k]), k > 0 ? beta[k - 1] : 0));
        k++;
        if (k == m || b <= 1e-10 * Math.max(scale, Double.MIN_NORMAL)) break;
        beta[k - 1] = b;
        Vectors.scale(w, 1 / b);
        v = w;
      }
      double[] d = java.util.Arrays.copyOf(alpha, k);
      double[] e = java.util.Arrays.copyOf(beta, k - 1);
      TridiagonalEigen te = TridiagonalEigen.of(d, e);
      for (int i = 0; i < k; i++) {
        nodes.add(te.values()[i]);
        weights.add(te.firstComponents()[i] * te.firstComponents()[i] / vectors);
      }
    }
    return new Quadrature(nodes.stream().mapToDouble(Double::doubleValue).toArray(),
        weights.stream().mapToDouble(Double::doubleValue).toArray(), steps, vectors, products,
        (System.nanoTime() - t0) / 1e9);
  }
}
