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
  void cnnCountsAreTapsMinusHiddenChannelsByHand() {
    // small_cnn_nobn on 8x8x1 with 3 and 4 filters, 3 classes: conv1 3x3 1->3 has 9*1*3 = 27 taps
    // + 3 biases; conv2 3x3 3->4 has 9*3*4 = 108 + 4; after two 2x2 pools the 2x2x4 map flattens
    // to 16 features, head 16*3 = 48 + 3. m = 30 + 112 + 51 = 193 parameters, H = 3 + 4 = 7 hidden
    // channels -> 186 basis paths. Widths 1-3-4-3 (channels), taps 9, 9, 4 (kernel positions, then
    // the 2x2 flattened positions between a channel and a class).
    BasisPaths cnn = BasisPaths.of(new int[] {1, 3, 4, 3}, new int[] {9, 9, 4}, new boolean[] {true, true, true});
    assertThat(cnn.parameters()).isEqualTo(193);
    assertThat(cnn.hiddenUnits()).isEqualTo(7);
    assertThat(cnn.count()).isEqualTo(186);
    // VGG-like without flatten: conv 3x3 3->4, conv 1x1 4->2, global average pool, head 2->5 with
    // bias, no conv biases: 108 + 8 + 10 + 5 = 131 parameters, 6 hidden channels -> 125
    BasisPaths gap = BasisPaths.of(new int[] {3, 4, 2, 5}, new int[] {9, 1, 1}, new boolean[] {false, false, true});
    assertThat(gap.count()).isEqualTo(125);
  }

  @Test
  void cnnBasisPathsAreIndependentAndSpanEveryTapPath() {
    // every input-output path picks one tap per layer: 1*2*3*2 units x 4*2*3 taps = 288 paths here
    for (int[][] net : new int[][][] {{{1, 2, 3, 2}, {4, 2, 3}}, {{2, 3, 2}, {2, 4}}, {{3, 2, 2, 3}, {1, 3, 2}}}) {
      BasisPaths bp = BasisPaths.of(net[0], net[1], new boolean[net[1].length]);
      List<double[]> basis = new ArrayList<>();
      for (int k = 0; k < bp.count(); k++) basis.add(indicator(bp.edges(k), bp.parameters()));
      assertThat(rank(basis)).as(Arrays.toString(net[0])).isEqualTo(bp.count());
      List<double[]> all = new ArrayList<>(basis);
      for (int[] path : allPaths(bp.network())) all.add(indicator(path, bp.parameters()));
      assertThat(rank(all)).as("every path in the span, " + Arrays.toString(net[0])).isEqualTo(bp.count());
      // rescaling channels moves weights but no basis value
      Random r = new Random(net[0].length);
      double[] w = new double[bp.parameters()];
      for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
      double[] scaled = Rescalings.rescale(bp.network(), w, r);
      assertThat(Rescalings.worstRelativeChange(bp.values(w), bp.values(scaled))).isLessThan(1e-12);
    }
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
    check(BasisPaths.of(new int[] {3, 4, 2, 3}, new boolean[] {true, false, true}));
    check(BasisPaths.of(new int[] {2, 3, 2, 3}, new int[] {4, 9, 2}, new boolean[] {true, false, true}));
  }

  private static void check(BasisPaths bp) {
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
    assertThatThrownBy(() -> bp.values(new double[3])).hasMessage("weights must have 4 entries (the network's parameters), got 3");
  }

  static double[] indicator(int[] edges, int m) {
    double[] row = new double[m];
    for (int e : edges) row[e] += 1;
    return row;
  }

  /** Every input-output path (one tap per layer) of a bias-free network as parameter indices. */
  static List<int[]> allPaths(ReluNetLayout net) {
    List<int[]> out = new ArrayList<>();
    int[] n = net.widths();
    for (int i = 0; i < n[0]; i++) extend(net, 1, i, new ArrayList<>(), out);
    return out;
  }

  private static void extend(ReluNetLayout net, int l, int from, List<Integer> prefix, List<int[]> out) {
    int[] n = net.widths();
    for (int t = 0; t < net.taps(l); t++)
      for (int j = 0; j < n[l]; j++) {
        List<Integer> p = new ArrayList<>(prefix);
        p.add(net.kernelIndex(l, t, from, j));
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
