package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.Pooling;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MobileNetV2 (Sandler et al. 2018) with a width multiplier alpha: conv3x3(32a) -> BN -> ReLU6,
 * the paper's 17 inverted-residual blocks (expansion t, channels c*a, repeats n, stride s):
 * (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), conv1x1(1280 *
 * max(1, a)) -> BN -> ReLU6, global average pooling, dropout, Dense(classes). Channel counts are
 * rounded to multiples of 8 as torchvision's {@code _make_divisible} does. Inverted residual:
 * [conv1x1(t*in) -> BN -> ReLU6 when t > 1] -> depthwise conv3x3(stride) -> BN -> ReLU6 -> conv1x1
 * (out) -> BN, plus the input when the stride is 1 and in = out (no projection shortcuts).
 *
 * <p>Small images: for inputs smaller than 128 pixels on a side the stem and the (6,24,2,2) stage
 * use stride 1 (total downsampling 8 instead of 32), the usual CIFAR adaptation; 32x32 then ends
 * on 4x4 and 28x28 on 4x4.
 *
 * <p>Parameters with 10 classes and alpha = 1: 2,236,682 (torchvision's 3,504,872 for 1000
 * classes minus the 1280*990 + 990 classifier difference); in general {@link #parameterCount()}.
 *
 * <p>Deviations: stride-2 layers use SAME padding (see the package notes); the depthwise kernels'
 * He normal (fan_out) uses the per-group fan 9 (PyTorch's {@code kaiming_normal_} counts
 * 9 * channels for them); the head uses PyTorch's default Linear initialisation.
 *
 * @param widthMultiplier alpha in (0, 4]
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param dropout rate before the classifier (torchvision: 0.2), in [0, 1)
 */
public record MobileNetV2(double widthMultiplier, int classes, ImageInput input, double dropout)
    implements ModelSpec {

  /** (t, c, n, s) of the paper's table 2. */
  private static final int[][] SETTINGS = {
    {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
    {6, 320, 1, 1}
  };

  public MobileNetV2 {
    if (!(widthMultiplier > 0 && widthMultiplier <= 4)) {
      throw new IllegalArgumentException(
          "widthMultiplier must be in (0, 4], got " + widthMultiplier);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  @Override
  public String name() {
    return widthMultiplier == 1 ? "mobilenetv2" : "mobilenetv2_" + widthLabel();
  }

  /** The multiplier as the catalogue writes it: 0.5, 0.75, 2 (TF scope names allow the dot). */
  private String widthLabel() {
    return widthMultiplier == Math.rint(widthMultiplier)
        ? Long.toString((long) widthMultiplier) : Double.toString(widthMultiplier);
  }

  /** torchvision's {@code _make_divisible(v, 8)}: nearest multiple of 8, at least 8, >= 0.9 v. */
  static int divisible(double v) {
    int r = Math.max(8, (int) (v + 4) / 8 * 8);
    return r < 0.9 * v ? r + 8 : r;
  }

  private boolean small() {
    return Math.min(input.height(), input.width()) < 128;
  }

  /** Block settings expanded to one (t, in, out, stride) row per block. */
  private List<int[]> blocks() {
    List<int[]> out = new ArrayList<>();
    int in = divisible(32 * widthMultiplier);
    for (int i = 0; i < SETTINGS.length; i++) {
      int[] st = SETTINGS[i];
      int c = divisible(st[1] * widthMultiplier);
      for (int r = 0; r < st[2]; r++) {
        int stride = r > 0 || (i == 1 && small()) ? 1 : st[3];
        out.add(new int[] {st[0], in, c, stride});
        in = c;
      }
    }
    return out;
  }

  private int lastChannels() {
    return divisible(1280 * Math.max(1.0, widthMultiplier));
  }

  /**
   * Closed form: stem 9*c*s + 2s; per block (t > 1) in*h + 2h, 9h + 2h, h*out + 2*out with
   * h = t*in; last conv in*l + 2l; head l*classes + classes.
   */
  public long parameterCount() {
    int stem = divisible(32 * widthMultiplier);
    long p = 9L * input.channels() * stem + 2L * stem;
    int in = stem;
    for (int[] b : blocks()) {
      int hidden = b[0] * b[1];
      if (b[0] != 1) {
        p += (long) b[1] * hidden + 2L * hidden;
      }
      p += 11L * hidden + (long) hidden * b[2] + 2L * b[2];
      in = b[2];
    }
    int last = lastChannels();
    return p + (long) in * last + 2L * last + (long) last * classes + classes;
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    int stemWidth = divisible(32 * widthMultiplier);
    Conv2d stem = vs.add(Blocks.conv3x3(s, "stem_conv", input.channels(), stemWidth,
        small() ? 1 : 2, Seeds.derive(seed, "stem_conv")));
    BatchNorm stemBn = vs.add(new BatchNorm(s, "stem_bn", stemWidth));
    List<Block> blocks = new ArrayList<>();
    List<int[]> rows = blocks();
    for (int i = 0; i < rows.size(); i++) {
      String name = "block" + i;
      int[] r = rows.get(i);
      blocks.add(new Block(s.withSubScope(name), name, r[0], r[1], r[2], r[3],
          Seeds.derive(seed, name), vs));
    }
    int in = rows.get(rows.size() - 1)[2];
    int last = lastChannels();
    Conv2d lastConv = vs.add(Blocks.conv1x1(s, "last_conv", in, last, Seeds.derive(seed, "last")));
    BatchNorm lastBn = vs.add(new BatchNorm(s, "last_bn", last));
    Dropout drop = dropout > 0 ? new Dropout("dropout", dropout, seed) : null;
    Dense head = vs.add(new Dense(s, "head", last, classes, Seeds.derive(seed, "head")));
    return new VisionModel(name(), input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = Activations.relu6(t, stemBn.apply(ctx, stem.apply(ctx, x)));
      for (Block block : blocks) {
        Operand<TFloat32> blockIn = y;
        y = Blocks.scoped(ctx, block.name, c -> block.apply(c, blockIn));
      }
      y = Activations.relu6(t, lastBn.apply(ctx, lastConv.apply(ctx, y)));
      y = Pooling.globalAveragePool(t, y);
      if (drop != null) {
        y = drop.apply(ctx, y);
      }
      return head.apply(ctx, y);
    });
  }

  private static final class Block {
    private final String name;
    private final boolean residual;
    private final Conv2d expand;
    private final BatchNorm expandBn;
    private final Conv2d depthwise;
    private final BatchNorm depthwiseBn;
    private final Conv2d project;
    private final BatchNorm projectBn;

    Block(Ops s, String name, int t, int in, int out, int stride, long seed, VariableSet vs) {
      this.name = name;
      this.residual = stride == 1 && in == out;
      int hidden = t * in;
      expand = t == 1 ? null
          : vs.add(Blocks.conv1x1(s, "expand_conv", in, hidden, Seeds.derive(seed, "expand")));
      expandBn = t == 1 ? null : vs.add(new BatchNorm(s, "expand_bn", hidden));
      depthwise = vs.add(Blocks.depthwise3x3(s, "depthwise_conv", hidden, stride,
          Seeds.derive(seed, "depthwise")));
      depthwiseBn = vs.add(new BatchNorm(s, "depthwise_bn", hidden));
      project = vs.add(
          Blocks.conv1x1(s, "project_conv", hidden, out, Seeds.derive(seed, "project")));
      projectBn = vs.add(new BatchNorm(s, "project_bn", out));
    }

    Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> y = x;
      if (expand != null) {
        y = Activations.relu6(tf, expandBn.apply(ctx, expand.apply(ctx, y)));
      }
      y = Activations.relu6(tf, depthwiseBn.apply(ctx, depthwise.apply(ctx, y)));
      y = projectBn.apply(ctx, project.apply(ctx, y));
      return residual ? tf.math.add(y, x) : y;
    }
  }
}
