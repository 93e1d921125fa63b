package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.testing.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * TF's gradients against float32 central differences (step h = 1e-3 in pixel and parameter
 * units) for tiny members of every family, with respect to the input pixels (what attacks use)
 * and to parameters spread over the network (first layer, a middle one, the head).
 *
 * <p>Why tiny images, two small steps and a 5e-2 tolerance (measured): a deep ReLU network is
 * piecewise linear with many kinks. On 6x6 inputs central differences with h = 1e-2 cross enough
 * kinks to differ from the correct gradient by O(1) and converge (linearly in h) only below
 * h = 1e-3, where float32 round-off starts to grow. So the inputs are 4x4 and 5x5 (still passing
 * every stride-2 layer, on even and odd sizes), the networks 2 to 8 channels wide, and each
 * tensor's error is the smaller of h = 1e-3 and h = 3e-4: at most 0.033 measured. WideResNet is
 * left out: it is the same code as PreAct-ResNet ({@code PreActNet}) but at least 16 channels
 * wide, enough kinks for 0.37; so is MobileNetV2 on 5x5x2 (expansions to 48 channels: 0.16), which
 * is checked on 4x4x1 only. In training mode round-off through the batch statistics limits the
 * input check, so there the parameters of the CIFAR ResNets are checked (at most 0.02). A wrong
 * gradient (missing path, wrong sign, misaligned shortcut) gives errors of order 1 at every h.
 *
 * <p>On AMD EPYC (Zen 4) MobileNetV2 0.1 on 4x4x1 once failed here with 1.94: not kinks (one-sided
 * differences agreed to 1e-4 and were stable from h = 1e-3 to 1e-4) but oneDNN's wrong input
 * gradient for convolutions with 48 input channels (its 1x1 projections), 1.52 for the pixels
 * and 1.94 for the stem kernel, 0.03 and 0.02 with TF_ENABLE_ONEDNN_OPTS=0; fixed in
 * {@code Conv2d} (channel padding), covered by core's {@code Conv2dWideInputGradientTest}.
 */
class ModelGradientTest {
  private static final double TOL = 5e-2;
  private static final double[] STEPS = {1e-3, 3e-4};

  private static double maxError(
      ModelSpec spec, ImageInput in, int batch, boolean training, boolean checkInput) {
    return maxError(spec, in, batch, training, checkInput, n -> new int[] {0, n / 2, n - 1});
  }

  /** {@code picks} maps the number of trainable tensors to the indices of those checked. */
  private static double maxError(ModelSpec spec, ImageInput in, int batch, boolean training,
      boolean checkInput, IntFunction<int[]> picks) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 4);
      Shape shape = Shape.of(batch).append(in.exampleShape());
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      ModelContext ctx = training ? ModelContext.training(tf, 3) : ModelContext.inference(tf);
      Operand<TFloat32> logits = m.logits(ctx, x);
      float[] r = TinyModels.pixels(batch * spec.classes(), 9);
      for (int i = 0; i < r.length; i++) {
        r[i] = 2 * r[i] - 1;
      }
      Operand<TFloat32> y = tf.sum(tf.math.mul(logits,
          TinyModels.constant(tf, Shape.of(batch, spec.classes()), r)),
          tf.constant(new int[] {0, 1}));
      List<Operand<TFloat32>> wrt = new ArrayList<>();
      if (checkInput) {
        wrt.add(x);
      }
      List<Variable<TFloat32>> vars = m.trainableVariables();
      for (int i : picks.apply(vars.size())) {
        if (vars.get(i).shape().size() <= 300) {
          wrt.add(vars.get(i));
        }
      }
      assertThat(wrt).as(spec.name()).hasSizeGreaterThanOrEqualTo(3);
      Map<Operand<TFloat32>, float[]> feed = Map.of(x, TinyModels.pixels((int) shape.size(), 5));
      double worst = 0;
      for (Operand<TFloat32> w : wrt) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < STEPS.length && best >= TOL; k++) {
          best = Math.min(best,
              GradientCheck.maxRelativeError(tf, s, y, List.of(w), feed, STEPS[k], 1e-2));
        }
        worst = Math.max(worst, best);
      }
      return worst;
    }
  }

  @Test
  void everyFamilyOnEvenAndOddSizes() {
    for (ImageInput in : List.of(TinyModels.input(4, 4, 1), TinyModels.input(5, 5, 2))) {
      for (ModelSpec spec : TinyModels.all(in, 3)) {
        if (spec instanceof WideResNet || (spec instanceof MobileNetV2 && in.height() == 5)) {
          continue; // see the class comment
        }
        assertThat(maxError(spec, in, 1, false, true))
            .as(spec.name() + " on " + in.exampleShape()).isLessThan(TOL);
      }
    }
  }

  /** Batch statistics in the chain: six examples so that every BN sees at least six values. */
  @Test
  void trainingModeParameters() {
    ImageInput in = TinyModels.input(4, 4, 1);
    for (ModelSpec spec : TinyModels.all(in, 3).subList(0, 2)) {
      assertThat(maxError(spec, in, 6, true, false)).as(spec.name()).isLessThan(TOL);
    }
  }

  /**
   * ZeroSNet-8 (three blocks: the third takes the multistep update, with its two earlier maps
   * subsampled twice), both layouts and a k inside the region, as the other families; in training
   * mode its parameters too.
   */
  @Test
  void zeroSNet() {
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(-1.8);
    for (ImageInput in : List.of(TinyModels.input(4, 4, 1), TinyModels.input(5, 5, 2))) {
      for (boolean pre : new boolean[] {false, true}) {
        ZeroSNet spec = new ZeroSNet(8, 3, in, c, pre, 2, false);
        assertThat(maxError(spec, in, 1, false, true))
            .as(spec.name() + " on " + in.exampleShape()).isLessThan(TOL);
      }
    }
    ImageInput in = TinyModels.input(4, 4, 1);
    assertThat(maxError(new ZeroSNet(8, 3, in, c, false, 2, false), in, 6, true, false))
        .isLessThan(TOL);
  }

  /**
   * ResNet-18 (basic blocks) at width 2 and ResNet-50 (bottlenecks) at width 1, in inference mode
   * as the other families (ResNet-50 at width 2 expands to 64 channels: 0.053 on 4x4x1).
   */
  @Test
  void postActivationResNets() {
    for (ImageInput in : List.of(TinyModels.input(4, 4, 1), TinyModels.input(5, 5, 2))) {
      for (int depth : new int[] {18, 50}) {
        ResNet spec = new ResNet(depth, 3, in, depth == 50 ? 1 : 2);
        assertThat(maxError(spec, in, 1, false, true))
            .as(spec.name() + " on " + in.exampleShape()).isLessThan(TOL);
      }
    }
  }

  /**
   * The same networks in training mode (4x4x1, batch 6), checked on tensors in the second half of
   * the network. Established (issue 15): in training mode TF's gradients of these networks are
   * right and float32 central differences for the early tensors are not a valid check.
   * {@link ResNetTorchReferenceTest} compares every tensor's TF gradient with an independent
   * float64 PyTorch implementation on the same weights and pixels: ResNet-18 w2 2.7e-5, ResNet-50
   * w1 1.5e-3 (relative to the tensor's scale), y to 5e-5. In that float64 implementation its own
   * central differences for the stem kernel give 0.73 (ResNet-18) and 1.27 (ResNet-50) at
   * h = 1e-3 and 0.67 and 1.87 at h = 3e-4, but 1.2e-6 at h = 1e-5 (ResNet-18) and 2e-8 at
   * h = 1e-7 (ResNet-50): the loss is piecewise smooth with ReLU kinks within 1e-4 or less of the
   * weights in those directions (a stem weight moves every activation of the network, and batch
   * statistics over 6 values per channel at 1x1 pass each change on to the whole batch), so
   * differences at the steps float32 allows (h >= 3e-4) straddle kinks. Not round-off (float64
   * differs as much), not oneDNN, not a fault. Nearer the head fewer activations move: ResNet-18's
   * middle tensor (stage3_block0/bn1/gamma) converges by h = 3e-4 in float64, ResNet-50's middle
   * one (stage3_block0/bn3/beta) only by 1e-5 (0.16 at 3e-4, as here), its last-stage tensors by
   * 1e-3. So ResNet-18 is checked at the middle (n / 2), its last block's bn2 gamma (n - 4) and the
   * head kernel (n - 2), ResNet-50 at its last block's conv3 kernel (n - 5) and bn3 gamma (n - 4)
   * and the head kernel; not the head bias (n - 1), whose gradient is r summed over the batch
   * whatever the network computes. Float64 central differences on those tensors at h = 3e-4
   * ({@code resnet_reference.py DUMP --fd}, same picks): ResNet-18 2.0e-6, 4.2e-11 and 8e-12,
   * ResNet-50 5.8e-6, 7.8e-11 and 7e-12; float32 ones at h = 1e-3 (the first step tried here)
   * 0.026, 2.6e-3, 3.3e-4 and 0.017, 8.3e-3, 1.5e-3. A wrong gradient there is of order 1.
   */
  @Test
  void postActivationResNetsTrainingMode() {
    ImageInput in = TinyModels.input(4, 4, 1);
    assertThat(maxError(new ResNet(18, 3, in, 2), in, 6, true, false, n -> new int[] {n / 2, n - 4, n - 2}))
        .as("resnet18_w2 in training mode").isLessThan(TOL);
    assertThat(maxError(new ResNet(50, 3, in, 1), in, 6, true, false, n -> new int[] {n - 5, n - 4, n - 2}))
        .as("resnet50_w1 in training mode").isLessThan(TOL);
  }
}
