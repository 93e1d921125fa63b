package io.github.llr4j.core.diag;

import java.util.Random;

/**
 * Keskar et al.'s random subspace for epsilon-sharpness: an n x p matrix A of independent
 * standard normal entries (seeded), held as p columns in float (p n 4 bytes: 109 MB for
 * ResNet-20 at p = 100). Perturbations are z = A y; the box is put on y around A^+ w, with the
 * pseudo-inverse A^+ w = (A^T A)^-1 A^T w solved by Cholesky (A^T A is positive definite for
 * p <= n with probability 1).
 */
final class RandomSubspace {
  private final float[][] columns;
  private final int n;

  RandomSubspace(int n, int p, long seed) {
    if (p < 1 || p > n) {
      throw new IllegalArgumentException("subspace dimension must be in [1, " + n + "] (the parameter count), got " + p);
    }
    this.n = n;
    Random r = new Random(seed);
    columns = new float[p][n];
    for (float[] c : columns) {
      for (int i = 0; i < n; i++) c[i] = (float) r.nextGaussian();
    }
  }

  int dimension() {
    return columns.length;
  }

  /** A y. */
  double[] apply(double[] y) {
    double[] z = new double[n];
    for (int j = 0; j < columns.length; j++) {
      float[] c = columns[j];
      double yj = y[j];
      for (int i = 0; i < n; i++) z[i] += yj * c[i];
    }
    return z;
  }

  /** A^T g. */
  double[] transposeApply(double[] g) {
    double[] out = new double[columns.length];
    for (int j = 0; j < columns.length; j++) {
      float[] c = columns[j];
      double t = 0;
      for (int i = 0; i < n; i++) t += c[i] * g[i];
      out[j] = t;
    }
    return out;
  }

  /** A^+ w = (A^T A)^-1 A^T w. */
  double[] pseudoInverseApply(double[] w) {
    int p = columns.length;
    double[][] l = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        double t = 0;
        float[] ca = columns[a], cb = columns[b];
        for (int i = 0; i < n; i++) t += (double) ca[i] * cb[i];
        l[a][b] = t;
      }
    }
    // in-place Cholesky: A^T A = L L^T
    for (int j = 0; j < p; j++) {
      double d = l[j][j];
      for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
      if (!(d > 0)) throw new ArithmeticException("A^T A is not positive definite (column " + j + ")");
      l[j][j] = Math.sqrt(d);
      for (int i = j + 1; i < p; i++) {
        double t = l[i][j];
        for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
        l[i][j] = t / l[j][j];
      }
    }
    double[] x = transposeApply(w);
    for (int i = 0; i < p; i++) { // L u = A^T w
      for (int k = 0; k < i; k++) x[i] -= l[i][k] * x[k];
      x[i] /= l[i][i];
    }
    for (int i = p - 1; i >= 0; i--) { // L^T x = u
      for (int k = i + 1; k < p; k++) x[i] -= l[k][i] * x[k];
      x[i] /= l[i][i];
    }
    return x;
  }
}
