package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.testing.TensorValues;
import io.github.llr4j.vision.data.ChannelStats;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ZeroSNetTest {
  private static final ImageInput CIFAR = ImageInput.unnormalised(32, 32, 3);
  private static final int[] DEPTHS = {20, 32, 44, 56, 110};

  private static ZeroSNet tiny(int depth, ZeroSCoefficients c, boolean preAct, ImageInput in) {
    return new ZeroSNet(depth, 3, in, c, preAct, 2, false);
  }

  private static long built(ModelSpec spec) {
    try (Graph g = new Graph()) {
      return spec.build(Ops.create(g), 1).parameterCount();
    }
  }

  @Test
  void parameterCountsOfEveryDepthEqualResNets() {
    // ResNet option A, He et al. 2016 table 6 (see ParameterCountTest)
    long[] resnet = {269_722, 464_154, 658_586, 853_018, 1_727_962};
    for (int i = 0; i < DEPTHS.length; i++) {
      ZeroSNet post = ZeroSNet.of(DEPTHS[i], 10, CIFAR);
      ZeroSNet pre = new ZeroSNet(DEPTHS[i], 10, CIFAR, post.coefficients(), true, 16, false);
      assertThat(post.parameterCount()).as("zerosnet%d", DEPTHS[i]).isEqualTo(resnet[i]);
      // pre-activation: the stem BN (2*16) and 4*out per block become 2*in + 2*out per block and
      // a final BN (2*64); the sums agree, e.g. depth 20: 432 + 14,016 + 51,040 + 203,456 + 128
      // + 650 = 269,722
      assertThat(pre.parameterCount()).as("zerosnet%d_preact", DEPTHS[i]).isEqualTo(resnet[i]);
    }
    assertThat(built(ZeroSNet.of(20, 10, CIFAR))).isEqualTo(269_722);
    ZeroSNet pre20 = new ZeroSNet(20, 10, CIFAR, ZeroSNet.of(20, 10, CIFAR).coefficients(), true,
        16, false);
    assertThat(built(pre20)).isEqualTo(269_722);
    ZeroSNet pre56 = new ZeroSNet(56, 10, CIFAR, pre20.coefficients(), true, 16, false);
    assertThat(built(pre56)).isEqualTo(853_018);
  }

  /**
   * The static logits shape (graph construction runs TF's shape inference through every block) of
   * depths 20 and 32 in both layouts; depth 20 also runs, with finite logits. The deeper ones add
   * only more blocks of the same three stages (their counts are checked above) and took minutes
   * of graph construction on the shared 2-core machine (about 0.5 s per block under load).
   */
  @Test
  void logitsShapeInBothLayouts() {
    ImageInput in = TinyModels.input(8, 8, 1);
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(-1.8);
    for (int depth : new int[] {20, 32}) {
      for (boolean pre : new boolean[] {false, true}) {
        try (Graph g = new Graph()) {
          Ops tf = Ops.create(g);
          Operand<TFloat32> x =
              TinyModels.constant(tf, Shape.of(2, 8, 8, 1), TinyModels.pixels(128, 3));
          Model m = tiny(depth, c, pre, in).build(tf, 1);
          Operand<TFloat32> logits = m.logits(ModelContext.training(tf, 1), x);
          assertThat(logits.shape()).as("depth %d pre %s", depth, pre).isEqualTo(Shape.of(2, 3));
          if (depth == 20) {
            float[] v;
            try (Session s = new Session(g)) {
              v = TensorValues.fetch(s, logits);
            }
            assertThat(v).hasSize(6);
            for (float f : v) {
              assertThat(Float.isFinite(f)).as("depth %d pre %s", depth, pre).isTrue();
            }
          }
        }
      }
    }
  }

  /** Builds both in one graph, copies ResNet's variables into ZeroSNet's, returns both logits. */
  private static float[][] sharedWeightLogits(ZeroSCoefficients c, boolean training) {
    ImageInput in = TinyModels.input(8, 8, 2);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // depth 8: three blocks, the third through the multistep path (history subsampled twice)
      Model resnet = new ResNetCifar(8, 3, in, ResNetCifar.Shortcut.ZERO_PAD, 2).build(tf, 7);
      Model zeros = tiny(8, c, false, in).build(tf, 11);
      List<Variable<TFloat32>> from = resnet.trainableVariables();
      List<Variable<TFloat32>> to = zeros.trainableVariables();
      assertThat(to).hasSameSizeAs(from);
      for (int i = 0; i < from.size(); i++) {
        assertThat(to.get(i).shape()).isEqualTo(from.get(i).shape());
        TensorValues.assign(tf, s, to.get(i), TensorValues.fetch(s, from.get(i)));
      }
      Operand<TFloat32> x =
          TinyModels.constant(tf, Shape.of(4, 8, 8, 2), TinyModels.pixels(4 * 128, 5));
      ModelContext ctx = training ? ModelContext.training(tf, 1) : ModelContext.inference(tf);
      return new float[][] {TensorValues.fetch(s, resnet.logits(ctx, x)),
          TensorValues.fetch(s, zeros.logits(ctx, x))};
    }
  }

  @Test
  void firstOrderConfigurationIsResNetWithSharedWeights() {
    for (boolean training : new boolean[] {false, true}) {
      float[][] out = sharedWeightLogits(ZeroSCoefficients.forwardEuler(), training);
      for (int i = 0; i < out[0].length; i++) {
        assertThat(Math.abs(out[1][i] - out[0][i])).as("logit %d, training %s", i, training)
            .isLessThanOrEqualTo(1e-6f);
      }
    }
    // the same weights under the multistep rule give other logits (the check above can fail)
    float[][] out = sharedWeightLogits(ZeroSCoefficients.fromParameter(-1.8), false);
    double diff = 0;
    for (int i = 0; i < out[0].length; i++) {
      diff = Math.max(diff, Math.abs(out[1][i] - out[0][i]));
    }
    assertThat(diff).isGreaterThan(1e-3);
  }

  @Test
  void namesSelectTheDocumentedConfigurations() {
    Shape shape = Shape.of(32, 32, 3);
    ChannelStats stats = null;
    assertThat(VisionModels.byName("zerosnet20", 10, shape, stats))
        .isEqualTo(ZeroSNet.of(20, 10, ImageInput.of(shape, stats)));
    ZeroSNet k1 = (ZeroSNet) VisionModels.byName("zerosnet44_k-1", 10, shape, stats);
    assertThat(k1.coefficients().a1()).isEqualTo(1.0);
    assertThat(k1.name()).isEqualTo("zerosnet44_k-1");
    ZeroSNet frac = (ZeroSNet) VisionModels.byName("zerosnet20_k-9/5", 10, shape, stats);
    assertThat(frac.name()).isEqualTo("zerosnet20");
    ZeroSNet pre = (ZeroSNet) VisionModels.byName("zerosnet110_preact_k2", 10, shape, stats);
    assertThat(pre.preActivation()).isTrue();
    assertThat(pre.name()).isEqualTo("zerosnet110_preact_k2");
    ZeroSNet euler = (ZeroSNet) VisionModels.byName("zerosnet20_c1,0,0,1", 10, shape, stats);
    assertThat(euler.coefficients()).isEqualTo(ZeroSCoefficients.forwardEuler());
    assertThat(euler.name()).isEqualTo("zerosnet20_c1,0,0,1");
    // outside the region: refused with the roots, unless asked for
    assertThatThrownBy(() -> VisionModels.byName("zerosnet20_k0.2", 10, shape, stats))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model zerosnet20_k0.2: ZeroSNet coefficients k = 0.200000")
        .hasMessageContaining("[0.500000, 1.00000, 3.00000]");
    ZeroSNet unstable =
        (ZeroSNet) VisionModels.byName("zerosnet20_k0.2_unstable", 10, shape, stats);
    assertThat(unstable.allowUnstable()).isTrue();
    assertThat(unstable.describe()).containsEntry("zero_stable", false);
    assertThat(unstable.name()).isEqualTo("zerosnet20_k0.2_unstable");
    assertThatThrownBy(() -> VisionModels.byName("zerosnet21", 10, shape, stats))
        .hasMessageContaining("depth must be 6n + 2");
  }

  @Test
  void describeCarriesTheCoefficientsAndTheRegion() {
    var d = ZeroSNet.of(20, 10, CIFAR).describe();
    assertThat(d).containsEntry("k", -1.8).containsEntry("region", "k <= -1 or k > 1/3")
        .containsEntry("zero_stable", true).containsEntry("consistent", true)
        .containsEntry("layout", "post-activation");
    assertThat((double) d.get("a0")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat((String) d.get("rho_roots")).endsWith("1.00000]");
  }
}
