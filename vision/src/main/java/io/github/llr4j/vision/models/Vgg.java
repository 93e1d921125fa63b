package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Padding;
import io.github.llr4j.core.nn.layers.Pooling;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * VGG with batch norm (Simonyan and Zisserman 2015; Ioffe and Szegedy 2015), the CIFAR layout:
 * configurations A (VGG-11), B (13), D (16) and E (19) of conv3x3 -> BN -> ReLU layers with
 * 64, 128, 256, 512, 512 channels per group, each group closed by a 2x2 max pool; then global
 * average pooling and one Dense(classes) (no 4096-wide layers, as CIFAR versions do).
 *
 * <p>Parameters, CIFAR-10: VGG-11 9,228,362, VGG-16 14,724,042. The popular
 * {@code kuangliu/pytorch-cifar} counts (9,231,114 and 14,728,266) include a bias in every
 * convolution, which the following BN cancels; it is left out here (2,752 and 4,224 fewer).
 *
 * <p>Deviations: max pools use SAME padding, so odd sizes round up (28 -> 14 -> 7 -> 4 -> 2 -> 1)
 * where VALID would reach 0; on powers of two it equals the reference. Global average pooling
 * replaces the reference's flatten (identical when the last map is 1x1, as on 32x32 input). He
 * normal (fan_out) kernels.
 *
 * <p>A {@link ScaleInvariantChain} (no residual connections): basis paths and PSI-flatness fold
 * each batch norm into its convolution.
 *
 * @param depth 11, 13, 16 or 19
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param width channels of the first group, doubled per group up to 8*width (64 standard)
 */
public record Vgg(int depth, int classes, ImageInput input, int width) implements ScaleInvariantChain {

  /** A pooling step in {@link #layers()}. */
  private static final int POOL = 0;

  public Vgg {
    if (depth != 11 && depth != 13 && depth != 16 && depth != 19) {
      throw new IllegalArgumentException("depth must be 11, 13, 16 or 19, got " + depth);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
  }

  /** The standard width (64). */
  public static Vgg of(int depth, int classes, ImageInput input) {
    return new Vgg(depth, classes, input, 64);
  }

  @Override
  public String name() {
    return "vgg" + depth + (width == 64 ? "" : "_w" + width);
  }

  /** Convolutions per group of the configuration. */
  private int[] perGroup() {
    return switch (depth) {
      case 11 -> new int[] {1, 1, 2, 2, 2};
      case 13 -> new int[] {2, 2, 2, 2, 2};
      case 16 -> new int[] {2, 2, 3, 3, 3};
      default -> new int[] {2, 2, 4, 4, 4};
    };
  }

  /** Output channels of each convolution in order, {@code POOL} (0) after each group. */
  private List<Integer> layers() {
    int[] widths = {width, 2 * width, 4 * width, 8 * width, 8 * width};
    int[] per = perGroup();
    List<Integer> out = new ArrayList<>();
    for (int g = 0; g < 5; g++) {
      for (int i = 0; i < per[g]; i++) {
        out.add(widths[g]);
      }
      out.add(POOL);
    }
    return out;
  }

  /** Closed form: sum of 9*in*out + 2*out over the convolutions, plus 8w*classes + classes. */
  public long parameterCount() {
    long p = 0;
    int in = input.channels();
    for (int out : layers()) {
      if (out != POOL) {
        p += 9L * in * out + 2L * out;
        in = out;
      }
    }
    return p + (long) in * classes + classes;
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    List<Conv2d> convs = new ArrayList<>();
    List<BatchNorm> norms = new ArrayList<>();
    List<Integer> layers = layers();
    int in = input.channels();
    for (int out : layers) {
      if (out != POOL) {
        int i = convs.size();
        String n = "conv" + i;
        convs.add(vs.add(Blocks.conv3x3(s, n, in, out, 1, Seeds.derive(seed, n))));
        norms.add(vs.add(new BatchNorm(s, "bn" + i, out)));
        in = out;
      }
    }
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    return new VisionModel(name(), input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = x;
      int i = 0;
      for (int out : layers) {
        if (out == POOL) {
          y = Pooling.maxPool(t, y, 2, 2, Padding.SAME);
        } else {
          y = Activations.relu(t, norms.get(i).apply(ctx, convs.get(i).apply(ctx, y)));
          i++;
        }
      }
      return head.apply(ctx, Pooling.globalAveragePool(t, y));
    });
  }
}
