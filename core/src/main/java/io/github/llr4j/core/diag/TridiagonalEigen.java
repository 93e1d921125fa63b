package io.github.llr4j.core.diag;

/**
 * Eigenvalues and eigenvector first components of a real symmetric tridiagonal matrix, by the
 * implicit QL algorithm with Wilkinson-type shifts (Golub and Van Loan, Matrix Computations,
 * section 8.3; the QL variant as in Wilkinson and Reinsch's tql2).
 *
 * <p>Only the first row of the eigenvector matrix is carried through the plane rotations: stochastic
 * Lanczos quadrature needs the eigenvalues (Ritz values) and the squared first components of the
 * eigenvectors (quadrature weights), so the cost is O(m^2) instead of O(m^3).
 *
 * @param values eigenvalues in ascending order
 * @param firstComponents for each eigenvalue, the first component of its unit eigenvector (sign
 *     arbitrary)
 */
public record TridiagonalEigen(double[] values, double[] firstComponents) {

  private static final int MAX_SWEEPS = 60;

  /**
   * Decomposes T with diagonal {@code diagonal} (length m >= 1) and off-diagonal {@code offDiagonal}
   * (length m - 1, {@code T[i][i+1] = T[i+1][i] = offDiagonal[i]}). The inputs are not modified.
   */
  public static TridiagonalEigen of(double[] diagonal, double[] offDiagonal) {
    int m = diagonal.length;
    if (m < 1) throw new IllegalArgumentException("diagonal must have >= 1 entry, got 0");
    if (offDiagonal.length != m - 1)
      throw new IllegalArgumentException("offDiagonal must have " + (m - 1) + " entries, got " + offDiagonal.length);
    double[] d = diagonal.clone();
    double[] e = new double[m];
    System.arraycopy(offDiagonal, 0, e, 0, m - 1);
    for (int i = 0; i < m; i++)
      if (!Double.isFinite(d[i]) || !Double.isFinite(e[i]))
        throw new IllegalArgumentException("tridiagonal entries must be finite, got a non-finite one at row " + i);
    // z = first row of the accumulated rotation matrix (starts as the identity's first row)
    double[] z = new double[m];
    z[0] = 1;
    for (int l = 0; l < m; l++) {
      int sweeps = 0;
      while (true) {
        int split = l;
        // a negligible off-diagonal entry splits the matrix; the block l..split is reduced
        while (split < m - 1) {
          double scale = Math.abs(d[split]) + Math.abs(d[split + 1]);
          if (Math.abs(e[split]) <= Math.ulp(scale) || e[split] == 0) break;
          split++;
        }
        if (split == l) break;
        if (++sweeps > MAX_SWEEPS)
          throw new IllegalStateException("QL did not converge in " + MAX_SWEEPS + " sweeps at row " + l);
        // shift: the eigenvalue of the leading 2x2 block closer to d[l]
        double g = (d[l + 1] - d[l]) / (2 * e[l]);
        double r = Math.hypot(g, 1);
        g = d[split] - d[l] + e[l] / (g + Math.copySign(r, g));
        double s = 1, c = 1, p = 0;
        boolean underflow = false;
        for (int i = split - 1; i >= l; i--) {
          double f = s * e[i];
          double b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r == 0) {
            // the rotation is degenerate: deflate here and restart the sweep
            d[i + 1] -= p;
            e[split] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          double zi1 = z[i + 1];
          z[i + 1] = s * z[i] + c * zi1;
          z[i] = c * z[i] - s * zi1;
        }
        if (underflow) continue;
        d[l] -= p;
        e[l] = g;
        e[split] = 0;
      }
    }
    // ascending order, carrying the first components along
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
    double[] values = new double[m];
    double[] first = new double[m];
    for (int i = 0; i < m; i++) {
      values[i] = d[order[i]];
      first[i] = z[order[i]];
    }
    return new TridiagonalEigen(values, first);
  }
}
