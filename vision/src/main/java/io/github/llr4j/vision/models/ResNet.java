package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Pooling;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The post-activation ResNet-18 and ResNet-50 of He et al. 2016 with the CIFAR stem of the
 * authors' reference model list (their {@code models/resnet.py}, the common PyTorch CIFAR
 * version): conv3x3(w) -> BN -> ReLU with no max-pool, four stages with w, 2w, 4w, 8w planes
 * (strides 1, 2, 2, 2), global average pooling, Dense(classes); w = 64 is the standard width.
 *
 * <ul>
 *   <li>ResNet-18: [2, 2, 2, 2] basic blocks (conv3x3 -> BN -> ReLU -> conv3x3 -> BN, + shortcut,
 *       ReLU), the layers of {@link ResNetCifar}'s block with option-B shortcuts.
 *   <li>ResNet-50: [3, 4, 6, 3] bottlenecks with expansion 4: conv1x1(p) -> BN -> ReLU ->
 *       conv3x3(p, stride) -> BN -> ReLU -> conv1x1(4p) -> BN, + shortcut, ReLU (stride on the 3x3).
 * </ul>
 * Where the shape changes the shortcut is conv1x1 (on the subsampled grid) -> BN.
 *
 * <p>Parameters, CIFAR-10: 11,173,962 (ResNet-18) and 23,520,842 (ResNet-50), the counts of the
 * PyTorch CIFAR version. Deviations as {@link ResNetCifar}: SAME padding on stride-2 layers (a
 * one-pixel grid shift on even sizes), He normal (fan_out) kernels, global average pooling
 * instead of the reference's fixed 4x4 pooling (identical on 32x32 input).
 *
 * @param depth 18 or 50
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param width planes of the first stage (64 standard; smaller for tests)
 */
public record ResNet(int depth, int classes, ImageInput input, int width) implements ModelSpec {

  public ResNet {
    if (depth != 18 && depth != 50) {
      throw new IllegalArgumentException("depth must be 18 or 50, got " + depth);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
  }

  /** The standard network (width 64). */
  public static ResNet of(int depth, int classes, ImageInput input) {
    return new ResNet(depth, classes, input, 64);
  }

  @Override
  public String name() {
    return "resnet" + depth + (width == 64 ? "" : "_w" + width);
  }

  private boolean bottleneck() {
    return depth == 50;
  }

  private int[] blocksPerStage() {
    return bottleneck() ? new int[] {3, 4, 6, 3} : new int[] {2, 2, 2, 2};
  }

  private int expansion() {
    return bottleneck() ? 4 : 1;
  }

  /**
   * The closed-form parameter count: stem 9*c*w + 2*w; basic block 9*in*p + 9*p*p + 4*p;
   * bottleneck in*p + 9*p*p + 4*p*p + 4*p + 8*p; a projection in*out + 2*out; head out*classes +
   * classes.
   */
  public long parameterCount() {
    long p = 9L * input.channels() * width + 2L * width;
    int in = width;
    int[] blocks = blocksPerStage();
    for (int stage = 0; stage < blocks.length; stage++) {
      int planes = width << stage;
      int out = planes * expansion();
      for (int b = 0; b < blocks[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        p += bottleneck()
            ? (long) in * planes + 9L * planes * planes + (long) planes * out + 4L * planes + 2L * out
            : 9L * in * planes + 9L * planes * planes + 4L * planes;
        if (stride != 1 || in != out) {
          p += (long) in * out + 2L * out;
        }
        in = out;
      }
    }
    return p + (long) in * classes + classes;
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    Conv2d stem = vs.add(Blocks.conv3x3(s, "stem_conv", input.channels(), width, 1,
        Seeds.derive(seed, "stem_conv")));
    BatchNorm stemBn = vs.add(new BatchNorm(s, "stem_bn", width));
    List<String> names = new ArrayList<>();
    List<BiFunction<ModelContext, Operand<TFloat32>, Operand<TFloat32>>> blocks = new ArrayList<>();
    int in = width;
    int[] counts = blocksPerStage();
    for (int stage = 0; stage < counts.length; stage++) {
      int planes = width << stage;
      for (int b = 0; b < counts[stage]; b++) {
        String name = "stage" + (stage + 1) + "_block" + b;
        int stride = stage > 0 && b == 0 ? 2 : 1;
        Ops bs = s.withSubScope(name);
        long bseed = Seeds.derive(seed, name);
        if (bottleneck()) {
          Bottleneck block = new Bottleneck(bs, in, planes, stride, bseed, vs);
          blocks.add(block::apply);
        } else {
          ResNetCifar.Block block = new ResNetCifar.Block(bs, name, in, planes, stride,
              ResNetCifar.Shortcut.PROJECTION, bseed, vs);
          blocks.add(block::apply);
        }
        names.add(name);
        in = planes * expansion();
      }
    }
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    return new VisionModel(name(), input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = Activations.relu(t, stemBn.apply(ctx, stem.apply(ctx, x)));
      for (int i = 0; i < blocks.size(); i++) {
        Operand<TFloat32> blockIn = y;
        var block = blocks.get(i);
        y = Blocks.scoped(ctx, names.get(i), c -> block.apply(c, blockIn));
      }
      return head.apply(ctx, Pooling.globalAveragePool(t, y));
    });
  }

  /** conv1x1 -> BN -> ReLU -> conv3x3(stride) -> BN -> ReLU -> conv1x1(4p) -> BN, + shortcut, ReLU. */
  private static final class Bottleneck {
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d conv3;
    private final BatchNorm bn3;
    private final Conv2d projection;
    private final BatchNorm projectionBn;

    Bottleneck(Ops s, int in, int planes, int stride, long seed, VariableSet vs) {
      this.stride = stride;
      int out = 4 * planes;
      conv1 = vs.add(Blocks.conv1x1(s, "conv1", in, planes, Seeds.derive(seed, "conv1")));
      bn1 = vs.add(new BatchNorm(s, "bn1", planes));
      conv2 = vs.add(Blocks.conv3x3(s, "conv2", planes, planes, stride, Seeds.derive(seed, "conv2")));
      bn2 = vs.add(new BatchNorm(s, "bn2", planes));
      conv3 = vs.add(Blocks.conv1x1(s, "conv3", planes, out, Seeds.derive(seed, "conv3")));
      bn3 = vs.add(new BatchNorm(s, "bn3", out));
      boolean project = stride != 1 || in != out;
      projection = project
          ? vs.add(Blocks.conv1x1(s, "shortcut_conv", in, out, Seeds.derive(seed, "shortcut")))
          : null;
      projectionBn = project ? vs.add(new BatchNorm(s, "shortcut_bn", out)) : null;
    }

    Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> y = Activations.relu(tf, bn1.apply(ctx, conv1.apply(ctx, x)));
      y = Activations.relu(tf, bn2.apply(ctx, conv2.apply(ctx, y)));
      y = bn3.apply(ctx, conv3.apply(ctx, y));
      Operand<TFloat32> sc = x;
      if (projection != null) {
        // on the grid of the stride-2 SAME 3x3 (see Blocks)
        sc = projectionBn.apply(ctx, projection.apply(ctx, stride == 2 ? Blocks.subsample(tf, x) : x));
      }
      return Activations.relu(tf, tf.math.add(y, sc));
    }
  }
}
