package io.github.llr4j.core.diag.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.ParameterLayout;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.models.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Reading variable layouts as plain ReLU networks, and batch-norm folding by hand and against TF. */
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

  /**
   * A real {@code Mlp(6, [5, 4], 3)} with batch norm (Dense layers without bias, so the folded bias
   * is {@code s (0 - mean) + beta}), random gamma, beta and moving statistics: the plain Mlp of the
   * same widths loaded with its fold computes the same inference logits in TF. 74 folded parameters
   * (6*5 + 5 + 5*4 + 4 + 4*3 + 3, the plain Mlp's), 9 hidden units: 65 basis paths.
   */
  @Test
  void mlpWithBatchNormComputesTheLogitsOfItsFoldedTwin() {
    Random r = new Random(21);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model bn = new Mlp(6, List.of(5, 4), 3, 0, true).build(tf.withSubScope("bn"), 1);
      Model plain = Mlp.of(6, List.of(5, 4), 3).build(tf.withSubScope("plain"), 2);
      LossProbe bnProbe = new LossProbe(tf, "diag_bn", bn, new CrossEntropyLoss(3), TFloat32.class, Shape.of(6), false);
      LossProbe plainProbe = new LossProbe(tf, "diag_plain", plain, new CrossEntropyLoss(3), TFloat32.class, Shape.of(6),
          false);
      float[] xs = new float[10 * 6];
      for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
      Operand<TFloat32> x = tf.constant(Shape.of(10, 6), DataBuffers.of(xs));
      Operand<TFloat32> bnLogits = bn.logits(ModelContext.inference(tf.withSubScope("eval_bn")), x);
      Operand<TFloat32> plainLogits = plain.logits(ModelContext.inference(tf.withSubScope("eval_plain")), x);
      try (Session s = new Session(g)) {
        double[] w = PsiFixtures.randomiseBatchNorms(tf, s, bn, bnProbe, r);
        FoldedNetwork net = FoldedNetwork.read(bnProbe, s);
        assertThat(net.hasBatchNorm()).isTrue();
        assertThat(net.folded().widths()).containsExactly(6, 5, 4, 3);
        assertThat(net.folded().biases()).containsExactly(true, true, true);
        assertThat(net.folded().size()).isEqualTo(plainProbe.layout().size()).isEqualTo(74);
        assertThat(BasisPaths.of(net.folded()).count()).isEqualTo(65);
        plainProbe.setWeights(s, net.fold(w));
        double[] d = PsiFixtures.logitDifference(s, bnLogits, plainLogits);
        System.out.printf("MLP-BN: logits max difference folded vs unfolded %.2e (largest |logit| %.3f)%n", d[0], d[1]);
        assertThat(d[1]).isGreaterThan(0.1);
        assertThat(d[0]).isLessThan(1e-5 * Math.max(1, d[1]));
      }
    }
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
