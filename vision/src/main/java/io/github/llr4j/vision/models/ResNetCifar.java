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
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CIFAR ResNet of He et al. 2016 ("Deep Residual Learning for Image Recognition", section
 * 4.2): depth = 6n + 2 (20, 32, 44, 56, 110). Input normalisation, conv3x3(16) -> BN -> ReLU, then
 * three stages of n basic blocks with 16, 32, 64 channels (the first block of stages 2 and 3 has
 * stride 2), global average pooling, Dense(classes). Basic block: conv3x3 -> BN -> ReLU -> conv3x3
 * -> BN, plus the shortcut, then ReLU.
 *
 * <p>Shortcuts where the shape changes: {@link Shortcut#ZERO_PAD} is the paper's option A, the
 * variant of its CIFAR table (and of the widely used PyTorch re-implementations): subsample the
 * input 2x2 and append zero channels (no parameters). {@link Shortcut#PROJECTION} is option B:
 * a 1x1 convolution (on the subsampled grid) followed by BN.
 *
 * <p>Parameters, CIFAR-10 (3 channels, 10 classes): option A 269,722 (ResNet-20), 464,154 (32),
 * 658,586 (44), 853,018 (56), 1,727,962 (110), the paper's 0.27M / 0.46M / 0.66M / 0.85M / 1.7M;
 * option B adds 2,752 (1x1 kernels 16*32 + 32*64 and two BNs). Each extra n adds 97,216; other
 * channel and class counts follow {@link #parameterCount()}.
 *
 * <p>Deviations from the PyTorch reference ({@code padding=1} everywhere, shortcut
 * {@code x[:, :, ::2, ::2]}): the 3x3 stride-2 convolutions use TF's SAME padding, which equals
 * {@code padding=1} on odd sizes but on even ones (32, 16, 28, 14) pads 0 rows above and 1 below,
 * so their outputs sit on input rows and columns 1, 3, 5, ... instead of 0, 2, 4, ...; the option-A
 * shortcut picks those same odd rows and columns, so both branches stay aligned. The difference
 * is only this one-pixel alignment (same parameters, same function class), and SAME saves a Pad
 * op forward and a Slice backward in every stride-2 layer (TF-Java 1.0.0's Conv2D gradient ignores
 * explicit paddings, so {@code padding=1} would have to run as Pad + VALID). Stride-1 SAME is
 * exactly {@code padding=1}. Kernels are He normal (fan_out), the head PyTorch's default Linear
 * initialisation. Any input size works (global average pooling), so 28x28x1 needs no resizing.
 *
 * @param depth 6n + 2 with n >= 1
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param shortcut option A or B
 * @param width channels of the first stage, doubled per stage (16 in the paper; smaller for tests)
 */
public record ResNetCifar(int depth, int classes, ImageInput input, Shortcut shortcut, int width)
    implements ModelSpec {

  /** How a block's shortcut changes shape (He et al. 2016, options A and B). */
  public enum Shortcut {
    /** Option A: 2x2 subsampling and zero channels; no parameters. */
    ZERO_PAD,
    /** Option B: 1x1 convolution and batch norm. */
    PROJECTION
  }

  public ResNetCifar {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException(
          "depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got " + depth);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (shortcut == null) {
      throw new IllegalArgumentException("shortcut must be non-null, got null");
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
  }

  /** The paper's network: option A, width 16. */
  public static ResNetCifar of(int depth, int classes, ImageInput input) {
    return new ResNetCifar(depth, classes, input, Shortcut.ZERO_PAD, 16);
  }

  /** Width 16 with the given shortcut. */
  public static ResNetCifar of(int depth, int classes, ImageInput input, Shortcut shortcut) {
    return new ResNetCifar(depth, classes, input, shortcut, 16);
  }

  private int[] widths() {
    return new int[] {width, 2 * width, 4 * width};
  }

  @Override
  public String name() {
    return "resnet" + depth + (shortcut == Shortcut.PROJECTION ? "_proj" : "")
        + (width == 16 ? "" : "_w" + width);
  }

  /** Blocks per stage, n = (depth - 2) / 6. */
  public int blocksPerStage() {
    return (depth - 2) / 6;
  }

  /**
   * The closed-form parameter count: stem 9*c*w + 2*w; per block 9*in*out + 9*out*out + 4*out
   * (+ in*out + 2*out with a projection); head 4w*classes + classes.
   */
  public long parameterCount() {
    long p = 9L * input.channels() * width + 2L * width;
    int in = width;
    for (int out : widths()) {
      for (int b = 0; b < blocksPerStage(); b++) {
        p += 9L * in * out + 9L * out * out + 4L * out;
        if (in != out && shortcut == Shortcut.PROJECTION) {
          p += (long) in * out + 2L * out;
        }
        in = out;
      }
    }
    return p + 4L * width * classes + classes;
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    int[] widths = widths();
    Conv2d stem = vs.add(Blocks.conv3x3(s, "stem_conv", input.channels(), width, 1,
        Seeds.derive(seed, "stem_conv")));
    BatchNorm stemBn = vs.add(new BatchNorm(s, "stem_bn", width));
    List<Block> blocks = new ArrayList<>();
    int in = width;
    for (int stage = 0; stage < widths.length; stage++) {
      for (int b = 0; b < blocksPerStage(); b++) {
        String name = "stage" + (stage + 1) + "_block" + b;
        int stride = stage > 0 && b == 0 ? 2 : 1;
        blocks.add(new Block(s.withSubScope(name), name, in, widths[stage], stride, shortcut,
            Seeds.derive(seed, name), vs));
        in = widths[stage];
      }
    }
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    return new VisionModel(name(), input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = Activations.relu(t, stemBn.apply(ctx, stem.apply(ctx, x)));
      for (Block block : blocks) {
        Operand<TFloat32> blockIn = y;
        y = Blocks.scoped(ctx, block.name, c -> block.apply(c, blockIn));
      }
      return head.apply(ctx, Pooling.globalAveragePool(t, y));
    });
  }

  /**
   * conv3x3 -> BN -> ReLU -> conv3x3 -> BN, + shortcut, ReLU. Package-private with its two halves
   * ({@link #branch}, {@link #shortcut}) because {@link ZeroSNet} combines the same layers with
   * earlier feature maps.
   */
  static final class Block {
    final String name;
    private final int in;
    private final int out;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d projection;
    private final BatchNorm projectionBn;

    Block(Ops s, String name, int in, int out, int stride, Shortcut shortcut, long seed,
        VariableSet vs) {
      this.name = name;
      this.in = in;
      this.out = out;
      this.stride = stride;
      conv1 = vs.add(Blocks.conv3x3(s, "conv1", in, out, stride, Seeds.derive(seed, "conv1")));
      bn1 = vs.add(new BatchNorm(s, "bn1", out));
      conv2 = vs.add(Blocks.conv3x3(s, "conv2", out, out, 1, Seeds.derive(seed, "conv2")));
      bn2 = vs.add(new BatchNorm(s, "bn2", out));
      boolean project = shortcut == Shortcut.PROJECTION && (in != out || stride != 1);
      projection = project
          ? vs.add(Blocks.conv1x1(s, "shortcut_conv", in, out, Seeds.derive(seed, "shortcut")))
          : null;
      projectionBn = project ? vs.add(new BatchNorm(s, "shortcut_bn", out)) : null;
    }

    Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
      return Activations.relu(ctx.tf(), ctx.tf().math.add(branch(ctx, x), shortcut(ctx, x)));
    }

    /** The residual branch F(x): conv3x3 -> BN -> ReLU -> conv3x3 -> BN. */
    Operand<TFloat32> branch(ModelContext ctx, Operand<TFloat32> x) {
      Operand<TFloat32> y = Activations.relu(ctx.tf(), bn1.apply(ctx, conv1.apply(ctx, x)));
      return bn2.apply(ctx, conv2.apply(ctx, y));
    }

    /** x on the output's grid and channels: identity, option A or option B. */
    Operand<TFloat32> shortcut(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> sc = stride == 2 ? Blocks.subsample(tf, x) : x;
      if (projection != null) {
        sc = projectionBn.apply(ctx, projection.apply(ctx, sc));
      } else if (in != out) {
        sc = Blocks.padChannels(tf, sc, in, out);
      }
      return sc;
    }
  }
}
