package io.github.llr4j.core.nn.models;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import io.github.llr4j.core.nn.init.Initializers;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Padding;
import io.github.llr4j.core.nn.layers.Pooling;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A small CNN on float32 NHWC input {@code [batch, height, width, channels]}: two blocks of
 * conv3x3 (SAME, no bias, He normal fan_out) -> BatchNorm -> ReLU -> max pool 2x2 stride 2 (VALID),
 * with {@code filters1} and {@code filters2} channels, then flatten and Dense(classes).
 * height and width must be divisible by 4. Without batch norm ({@code small_cnn_nobn}) each
 * convolution has a bias instead (PyTorch's default init) and the blocks are conv3x3 -> ReLU -> max
 * pool: the plain ReLU CNN whose basis paths need no folding.
 *
 * <p>Parameters: 9*channels*filters1 + 2*filters1 + 9*filters1*filters2 + 2*filters2 +
 * (height/4)*(width/4)*filters2*classes + classes (one filters-wide vector less per convolution
 * without batch norm).
 *
 * @param batchNorm a batch norm after each convolution (the standard {@code small_cnn})
 */
public record SmallCnn(int height, int width, int channels, int filters1, int filters2,
    int classes, boolean batchNorm) implements ScaleInvariantChain {

  /** With batch norm (the standard {@code small_cnn}). */
  public SmallCnn(int height, int width, int channels, int filters1, int filters2, int classes) {
    this(height, width, channels, filters1, filters2, classes, true);
  }

  public SmallCnn {
    Require.that(height > 0 && height % 4 == 0 && width > 0 && width % 4 == 0,
        "height and width", "be positive multiples of 4", height + "x" + width);
    for (int v : new int[] {channels, filters1, filters2, classes}) {
      Require.that(v > 0, "channels, filters and classes", "be positive",
          channels + ", " + filters1 + ", " + filters2 + ", " + classes);
    }
  }

  @Override
  public String name() {
    return batchNorm ? "small_cnn" : "small_cnn_nobn";
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    Conv2d conv1 = vs.add(conv("conv1", channels, filters1).build(s, Seeds.derive(seed, "conv1")));
    BatchNorm bn1 = batchNorm ? vs.add(new BatchNorm(s, "bn1", filters1)) : null;
    Conv2d conv2 = vs.add(conv("conv2", filters1, filters2).build(s, Seeds.derive(seed, "conv2")));
    BatchNorm bn2 = batchNorm ? vs.add(new BatchNorm(s, "bn2", filters2)) : null;
    int features = (height / 4) * (width / 4) * filters2;
    Dense head = vs.add(new Dense(s, "head", features, classes, Seeds.derive(seed, "head")));
    List<Variable<TFloat32>> trainable = vs.trainable();
    List<Variable<TFloat32>> state = vs.state();
    return new Model() {
      @Override
      public List<Variable<TFloat32>> trainableVariables() {
        return trainable;
      }

      @Override
      public List<Variable<TFloat32>> stateVariables() {
        return state;
      }

      @Override
      public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input) {
        Ops t = ctx.tf().withSubScope(name());
        Operand<TFloat32> x = Inputs.float32(t, input);
        x = block(ctx, t, conv1, bn1, x);
        x = block(ctx, t, conv2, bn2, x);
        return head.apply(ctx, Pooling.flatten(t, x));
      }
    };
  }

  private Conv2d.Builder conv(String name, int in, int out) {
    // a bias before batch norm would be cancelled by it; without batch norm it is the only shift
    return Conv2d.builder(name, in, out, 3).bias(!batchNorm)
        .kernelInit(Initializers.heNormal(Initializers.FanMode.FAN_OUT));
  }

  private static Operand<TFloat32> block(ModelContext ctx, Ops tf, Conv2d conv, BatchNorm bn,
      Operand<TFloat32> x) {
    Operand<TFloat32> c = conv.apply(ctx, x);
    Operand<TFloat32> y = Activations.relu(tf, bn == null ? c : bn.apply(ctx, c));
    return Pooling.maxPool(tf, y, 2, 2, Padding.VALID);
  }
}
