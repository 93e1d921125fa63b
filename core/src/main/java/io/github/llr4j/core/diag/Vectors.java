package io.github.llr4j.core.diag;

import java.util.Random;

/** Float64 vector arithmetic on flat parameter vectors (package-private helpers). */
final class Vectors {
  private Vectors() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** {@code y += alpha * x}. */
  static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
  }

  /** {@code a + alpha * b} as a new vector. */
  static double[] plus(double[] a, double alpha, double[] b) {
    double[] out = a.clone();
    axpy(alpha, b, out);
    return out;
  }

  static void scale(double[] a, double alpha) {
    for (int i = 0; i < a.length; i++) a[i] *= alpha;
  }

  /** Zeroes the coordinates outside {@code mask} (null = keep all). */
  static void project(double[] a, boolean[] mask) {
    if (mask == null) return;
    for (int i = 0; i < a.length; i++) if (!mask[i]) a[i] = 0;
  }

  /** A standard normal vector inside {@code mask}, zero outside. */
  static double[] gaussian(int n, Random r, boolean[] mask) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = mask == null || mask[i] ? r.nextGaussian() : 0;
    return v;
  }

  /** A Rademacher (+-1) vector inside {@code mask}, zero outside. */
  static double[] rademacher(int n, Random r, boolean[] mask) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = mask == null || mask[i] ? (r.nextBoolean() ? 1 : -1) : 0;
    return v;
  }
}
