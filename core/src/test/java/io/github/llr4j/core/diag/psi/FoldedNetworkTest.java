package io.github.llr4j.core.diag.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.diag.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Reading variable layouts as plain ReLU networks, and batch-norm folding by hand. */
class FoldedNetworkTest {

  /** small_cnn's variables on 8x8x1 with 3 and 4 filters and 3 classes (batch norm after each conv). */
  private static final Object[][] SMALL_CNN = {
      {"m/conv1/kernel", Shape.of(3, 3, 1, 3)}, {"m/bn1/gamma", Shape.of(3)}, {"m/bn1/beta", Shape.of(3)},
      {"m/conv2/kernel", Shape.of(3, 3, 3, 4)}, {"m/bn2/gamma", Shape.of(4)}, {"m/bn2/beta", Shape.of(4)},
      {"m/head/kernel", Shape.of(16, 3)}, {"m/head/bias", Shape.of(3)}};
  private static final Object[][] SMALL_CNN_STATE = {
      {"m/bn1/moving_mean", Shape.of(3)}, {"m/bn1/moving_variance", Shape.of(3)},
      {"m/bn2/moving_mean", Shape.of(4)}, {"m/bn2/moving_variance", Shape.of(4)}};

  @Test
  void smallCnnFoldsToTheSameBasisAsItsBiasTwin() {
    ParameterLayout state = layout(SMALL_CNN_STATE);
    double[] stats = positive(state.size(), 5);
    FoldedNetwork net = FoldedNetwork.of(layout(SMALL_CNN), state, stats);
    assertThat(net.hasBatchNorm()).isTrue();
    assertThat(net.folded().widths()).containsExactly(1, 3, 4, 3);
    assertThat(net.folded().taps()).containsExactly(9, 9, 4);
    assertThat(net.folded().biases()).containsExactly(true, true, true);
    // 200 trainable parameters fold to 193 (a bias per channel instead of gamma and beta): 186 paths
    assertThat(net.folded().size()).isEqualTo(193);
    assertThat(BasisPaths.of(net.folded()).count()).isEqualTo(186);
  }

  @Test
  void mlpWithBatchNormFoldsItsNormIntoTheDenseLayer() {
    // Mlp(4, [3], 2, batch norm): dense0 4x3 (no bias), bn0 gamma/beta [3], head 3x2 + 2: 23 folded
    // parameters (12 + 3 + 6 + 2), 3 hidden units -> 20 basis paths
    FoldedNetwork net = FoldedNetwork.of(layout(new Object[][] {
        {"mlp/dense0/kernel", Shape.of(4, 3)}, {"mlp/bn0/gamma", Shape.of(3)}, {"mlp/bn0/beta", Shape.of(3)},
        {"mlp/head/kernel", Shape.of(3, 2)}, {"mlp/head/bias", Shape.of(2)}}),
        layout(new Object[][] {{"mlp/bn0/moving_mean", Shape.of(3)}, {"mlp/bn0/moving_variance", Shape.of(3)}}),
        new double[] {0, 0, 0, 1, 1, 1});
    assertThat(net.folded().widths()).containsExactly(4, 3, 2);
    assertThat(net.folded().taps()).containsExactly(1, 1);
    assertThat(net.folded().size()).isEqualTo(23);
    assertThat(BasisPaths.of(net.folded()).count()).isEqualTo(20);
  }

  @Test
  void foldingIsTheInferenceAffineMapAndUnfoldingInvertsIt() {
    ParameterLayout trainable = layout(SMALL_CNN);
    ParameterLayout state = layout(SMALL_CNN_STATE);
    double[] stats = positive(state.size(), 6);
    FoldedNetwork net = FoldedNetwork.of(trainable, state, stats);
    Random r = new Random(7);
    double[] w = new double[trainable.size()];
    for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
    double[] f = net.fold(w);
    // conv2 kernel entry (ky 1, kx 2, in 1, out 3) = tap 5: W * gamma_3 / sqrt(var_3 + 1e-5)
    int k = trainable.offset(3) + ((1 * 3 + 2) * 3 + 1) * 4 + 3;
    double gamma = w[trainable.offset(4) + 3], beta = w[trainable.offset(5) + 3];
    double mean = stats[state.offset(2) + 3], var = stats[state.offset(3) + 3];
    double scale = gamma / Math.sqrt(var + 1e-5f);
    assertThat(f[net.folded().kernelIndex(2, 5, 1, 3)]).isCloseTo(w[k] * scale, within(1e-12));
    assertThat(f[net.folded().biasIndex(2, 3)]).isCloseTo(beta - scale * mean, within(1e-12));
    // the head has no batch norm: copied
    assertThat(f[net.folded().biasIndex(3, 2)]).isEqualTo(w[trainable.offset(7) + 2]);
    // unfold(fold(w)) = w, and fold(unfold(g)) = g for any folded g
    double[] back = net.unfold(f, w);
    for (int i = 0; i < w.length; i++) assertThat(back[i]).isCloseTo(w[i], within(1e-12));
    double[] g = new double[f.length];
    for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
    double[] again = net.fold(net.unfold(g, w));
    for (int i = 0; i < g.length; i++) assertThat(again[i]).isCloseTo(g[i], within(1e-12));
  }

  @Test
  void layoutsThatAreNotPlainChainsAreRefused() {
    assertThatThrownBy(() -> FoldedNetwork.of(layout(SMALL_CNN)))
        .hasMessageContaining("state variable 'm/bn1/moving_mean' of 3 entries");
    assertThatThrownBy(() -> FoldedNetwork.of(layout(new Object[][] {
        {"d/kernel", Shape.of(4, 3)}, {"c/kernel", Shape.of(3, 3, 3, 2)}})))
        .hasMessageContaining("variable 'c/kernel' of shape [3, 3, 3, 2] does not fit: a convolution after a Dense layer");
    assertThatThrownBy(() -> FoldedNetwork.of(layout(new Object[][] {
        {"c1/kernel", Shape.of(3, 3, 3, 4)}, {"c2/kernel", Shape.of(3, 3, 5, 2)}})))
        .hasMessageContaining("its input width must be the previous layer's 4");
    assertThatThrownBy(() -> FoldedNetwork.of(layout(new Object[][] {
        {"c1/kernel", Shape.of(3, 3, 3, 4)}, {"head/kernel", Shape.of(10, 2)}})))
        .hasMessageContaining("'head/kernel' of shape [10, 2] does not fit: its input width must be the previous layer's 4");
    assertThatThrownBy(() -> FoldedNetwork.of(layout(new Object[][] {
        {"c1/kernel", Shape.of(3, 3, 3, 4)}, {"block/shortcut/scale", Shape.of(4)}})))
        .hasMessageContaining("expected a kernel, the bias after it, or a batch norm's gamma and beta");
  }

  static ParameterLayout layout(Object[][] vars) {
    List<String> names = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    long[] offsets = new long[vars.length];
    long at = 0;
    for (int i = 0; i < vars.length; i++) {
      names.add((String) vars[i][0]);
      shapes.add((Shape) vars[i][1]);
      offsets[i] = at;
      at += ((Shape) vars[i][1]).size();
    }
    return new ParameterLayout(names, shapes, offsets, (int) at);
  }

  /** Moving statistics, means and variances alike in [0.5, 2]. */
  private static double[] positive(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = 0.5 + 1.5 * r.nextDouble();
    return v;
  }
}
