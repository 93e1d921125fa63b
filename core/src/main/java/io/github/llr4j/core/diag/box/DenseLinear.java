package io.github.llr4j.core.diag.box;

/** Small dense linear algebra (2k x 2k, k <= the L-BFGS memory) for {@link LbfgsMemory}. */
final class DenseLinear {
  private DenseLinear() {}

  static double[] times(double[][] a, double[] v) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = LbfgsMemory.dot(a[i], v);
    }
    return out;
  }

  /** a b. */
  static double[][] times(double[][] a, double[][] b) {
    int n = a.length;
    int p = b.length == 0 ? 0 : b[0].length;
    double[][] out = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < b.length; l++) {
        double ail = a[i][l];
        for (int j = 0; j < p; j++) {
          out[i][j] += ail * b[l][j];
        }
      }
    }
    return out;
  }

  /** The inverse by Gauss-Jordan elimination with partial pivoting (the middle matrix is indefinite). */
  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] x = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, x[i], 0, n);
      x[i][n + i] = 1;
    }
    eliminate(x, n);
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x[i], n, out[i], 0, n);
    }
    return out;
  }

  /** The solution of a x = b. */
  static double[] solve(double[][] a, double[] b) {
    int n = a.length;
    double[][] x = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, x[i], 0, n);
      x[i][n] = b[i];
    }
    eliminate(x, n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = x[i][n];
    }
    return out;
  }

  private static void eliminate(double[][] x, int n) {
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(x[r][c]) > Math.abs(x[p][c])) {
          p = r;
        }
      }
      if (x[p][c] == 0) {
        throw new ArithmeticException("singular matrix in the L-BFGS compact form (column " + c + ")");
      }
      double[] t = x[p];
      x[p] = x[c];
      x[c] = t;
      double inv = 1 / x[c][c];
      for (int j = 0; j < x[c].length; j++) {
        x[c][j] *= inv;
      }
      for (int r = 0; r < n; r++) {
        if (r != c && x[r][c] != 0) {
          double f = x[r][c];
          for (int j = 0; j < x[r].length; j++) {
            x[r][j] -= f * x[c][j];
          }
        }
      }
    }
  }
}
