package io.github.llr4j.core.diag.box;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact representation of the limited-memory BFGS matrix (Byrd, Nocedal, Schnabel 1994,
 * eq. 3.5): {@code B = theta I - W M W^T} with {@code W = [Y, theta S]} (n x 2k, the k most recent
 * pairs, oldest first) and {@code M} the inverse of the 2k x 2k middle matrix
 * {@code [[-D, L^T], [L, theta S^T S]]}, D = diag(s_i . y_i), L_ij = s_i . y_j for i > j.
 * theta = y.y / s.y of the newest pair (1 while empty). Pairs with too little curvature
 * (s.y <= 2.2e-16 y.y) are skipped, which keeps B positive definite on a non-convex function.
 */
final class LbfgsMemory {
  private final int capacity;
  private final List<double[]> s = new ArrayList<>();
  private final List<double[]> y = new ArrayList<>();
  private double theta = 1;
  private double[][] m = new double[0][0];

  LbfgsMemory(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return s.size();
  }

  /** 2k, the number of columns of W. */
  int columns() {
    return 2 * s.size();
  }

  double theta() {
    return theta;
  }

  void clear() {
    s.clear();
    y.clear();
    theta = 1;
    m = new double[0][0];
  }

  /** Adds the pair (s, y) unless its curvature s.y is too small; returns whether it was added. */
  boolean update(double[] sv, double[] yv) {
    double sy = dot(sv, yv);
    double yy = dot(yv, yv);
    if (!(sy > 2.2e-16 * yy)) {
      return false;
    }
    if (s.size() == capacity) {
      s.remove(0);
      y.remove(0);
    }
    s.add(sv.clone());
    y.add(yv.clone());
    theta = yy / sy;
    m = middleInverse();
    return true;
  }

  /** W^T v = [Y^T v, theta S^T v]. */
  double[] wTransposeTimes(double[] v) {
    int k = s.size();
    double[] out = new double[2 * k];
    for (int j = 0; j < k; j++) {
      out[j] = dot(y.get(j), v);
      out[k + j] = theta * dot(s.get(j), v);
    }
    return out;
  }

  /** Row i of W. */
  double[] row(int i) {
    int k = s.size();
    double[] out = new double[2 * k];
    for (int j = 0; j < k; j++) {
      out[j] = y.get(j)[i];
      out[k + j] = theta * s.get(j)[i];
    }
    return out;
  }

  /** M v. */
  double[] mTimes(double[] v) {
    return DenseLinear.times(m, v);
  }

  /** The 2k x 2k matrix M. */
  double[][] m() {
    return m;
  }

  private double[][] middleInverse() {
    int k = s.size();
    double[][] a = new double[2 * k][2 * k];
    for (int i = 0; i < k; i++) {
      a[i][i] = -dot(s.get(i), y.get(i));
      for (int j = 0; j < k; j++) {
        if (i > j) {
          double l = dot(s.get(i), y.get(j));
          a[k + i][j] = l; // L
          a[j][k + i] = l; // L^T
        }
        a[k + i][k + j] = theta * dot(s.get(i), s.get(j));
      }
    }
    return DenseLinear.inverse(a);
  }

  static double dot(double[] a, double[] b) {
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i] * b[i];
    }
    return t;
  }
}
