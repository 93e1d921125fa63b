package io.github.llr4j.core.diag.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The construction on small networks worked out by hand, checked against all paths by linear algebra. */
class BasisPathsTest {

  private static final boolean[] NO_BIAS_2 = {false, false};
  private static final boolean[] NO_BIAS_3 = {false, false, false};

  @Test
  void countsAreWeightsMinusHiddenUnitsForTwoArchitecturesByHand() {
    // 2-3-1: 6 + 3 = 9 weights, 3 hidden units -> 6 basis paths, which are all 2 x 3 x 1 paths
    BasisPaths a = BasisPaths.of(new int[] {2, 3, 1}, NO_BIAS_2);
    assertThat(a.parameters()).isEqualTo(9);
    assertThat(a.hiddenUnits()).isEqualTo(3);
    assertThat(a.count()).isEqualTo(6);
    // 3-4-2-2: 12 + 8 + 4 = 24 weights, 4 + 2 = 6 hidden units -> 18 (of 3 x 4 x 2 x 2 = 48 paths)
    BasisPaths b = BasisPaths.of(new int[] {3, 4, 2, 2}, NO_BIAS_3);
    assertThat(b.parameters()).isEqualTo(24);
    assertThat(b.hiddenUnits()).isEqualTo(6);
    assertThat(b.count()).isEqualTo(18);
    // with biases every bias is one more path: 8-16-4 has 8*16 + 16 + 16*4 + 4 = 212 parameters, 196 paths
    assertThat(BasisPaths.of(new int[] {8, 16, 4}, new boolean[] {true, true}).count()).isEqualTo(212 - 16);
    // no hidden layer: every weight is its own path
    assertThat(BasisPaths.of(new int[] {5, 3}, new boolean[] {true}).count()).isEqualTo(18);
  }

  @Test
  void basisPathsAreIndependentAndSpanEveryPathInLogSpace() {
    for (int[] widths : new int[][] {{2, 3, 1}, {3, 4, 2, 2}, {2, 3, 3, 2}, {4, 2, 5, 3}}) {
      BasisPaths bp = BasisPaths.of(widths, new boolean[widths.length - 1]);
      List<double[]> basis = new ArrayList<>();
      for (int k = 0; k < bp.count(); k++) basis.add(indicator(bp.edges(k), bp.parameters()));
      assertThat(rank(basis)).as(Arrays.toString(widths)).isEqualTo(bp.count());
      List<double[]> all = new ArrayList<>(basis);
      for (int[] path : allPaths(bp.network())) all.add(indicator(path, bp.parameters()));
      assertThat(rank(all)).as("every path in the span, " + Arrays.toString(widths)).isEqualTo(bp.count());
    }
  }

  @Test
  void valuesAreProductsAlongThePathsAndLogFactorsMoveEachValueAlone() {
    BasisPaths bp = BasisPaths.of(new int[] {3, 4, 2, 3}, new boolean[] {true, false, true});
    Random r = new Random(4);
    double[] w = new double[bp.parameters()];
    for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
    double[] v = bp.values(w);
    for (int k = 0; k < bp.count(); k++) {
      double prod = 1;
      for (int e : bp.edges(k)) prod *= w[e];
      assertThat(v[k]).isCloseTo(prod, within(1e-12 * Math.abs(prod)));
    }
    double[] delta = new double[bp.count()];
    for (int k = 0; k < delta.length; k++) delta[k] = 0.3 * r.nextGaussian();
    double[] f = bp.logFactors(delta);
    double[] moved = w.clone();
    for (int p = 0; p < w.length; p++) moved[p] *= Math.exp(f[p]);
    double[] v2 = bp.values(moved);
    for (int k = 0; k < v.length; k++) assertThat(v2[k]).isCloseTo(v[k] * Math.exp(delta[k]), within(1e-12 * Math.abs(v2[k])));
  }

  @Test
  void badShapesAreRefused() {
    assertThatThrownBy(() -> BasisPaths.of(new int[] {3}, new boolean[0])).hasMessageContaining("widths must list");
    assertThatThrownBy(() -> BasisPaths.of(new int[] {3, 2}, new boolean[2])).hasMessageContaining("one flag per weight layer");
    BasisPaths bp = BasisPaths.of(new int[] {2, 2}, new boolean[1]);
    assertThatThrownBy(() -> bp.values(new double[3])).hasMessage("weights must have 4 entries (the MLP's parameters), got 3");
  }

  static double[] indicator(int[] edges, int m) {
    double[] row = new double[m];
    for (int e : edges) row[e] += 1;
    return row;
  }

  /** Every input-output path of a bias-free MLP as parameter indices. */
  static List<int[]> allPaths(ReluMlpLayout net) {
    List<int[]> out = new ArrayList<>();
    int[] n = net.widths();
    for (int i = 0; i < n[0]; i++) extend(net, 1, i, new ArrayList<>(), out);
    return out;
  }

  private static void extend(ReluMlpLayout net, int l, int from, List<Integer> prefix, List<int[]> out) {
    int[] n = net.widths();
    for (int j = 0; j < n[l]; j++) {
      List<Integer> p = new ArrayList<>(prefix);
      p.add(net.kernelIndex(l, from, j));
      if (l == n.length - 1) out.add(p.stream().mapToInt(Integer::intValue).toArray());
      else extend(net, l + 1, j, p, out);
    }
  }

  /** Rank by Gaussian elimination with partial pivoting (rows are small 0/1 vectors). */
  static int rank(List<double[]> rows) {
    double[][] a = rows.stream().map(double[]::clone).toArray(double[][]::new);
    int rank = 0, cols = a.length == 0 ? 0 : a[0].length;
    for (int c = 0; c < cols && rank < a.length; c++) {
      int piv = rank;
      for (int i = rank; i < a.length; i++) if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) piv = i;
      if (Math.abs(a[piv][c]) < 1e-9) continue;
      double[] t = a[piv]; a[piv] = a[rank]; a[rank] = t;
      for (int i = 0; i < a.length; i++) {
        if (i == rank) continue;
        double f = a[i][c] / a[rank][c];
        if (f != 0) for (int k = c; k < cols; k++) a[i][k] -= f * a[rank][k];
      }
      rank++;
    }
    return rank;
  }
}
