package io.github.llr4j.vision.models;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Initializers;
import io.github.llr4j.core.nn.layers.Conv2d;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.types.TFloat32;

/**
 * Pieces the model families share (package-private): convolutions with the common settings, the
 * stride-2 subsampling that lines up with them, channel zero-padding and scoped application.
 *
 * <p>Stride-2 alignment. A 3x3 stride-2 convolution runs with TF's SAME padding. On an odd size
 * SAME pads (1, 1), exactly PyTorch's {@code padding=1}. On an even size it pads (0, 1) where
 * PyTorch pads (1, 1) (of which PyTorch's last row is never read), so output i is centred on input
 * row 2i + 1 instead of 2i: the same network on a grid shifted by one pixel. Explicit padding
 * would cost a Pad op forward and a Slice backward in every stride-2 layer (TF-Java 1.0.0's
 * Conv2D gradient ignores EXPLICIT paddings), so the models take SAME and keep every shortcut on
 * the same grid: {@link #subsample} picks rows and columns {@code offset, offset + 2, ...} with
 * offset 1 for an even size and 0 for an odd one, the centres of the SAME convolution's outputs.
 */
final class Blocks {
  private Blocks() {}

  /** 3x3 convolution, SAME, no bias (a batch norm follows), He normal fan_out kernel. */
  static Conv2d conv3x3(Ops tf, String name, int in, int out, int stride, long seed) {
    return Conv2d.builder(name, in, out, 3).stride(stride).bias(false)
        .kernelInit(Initializers.heNormal(Initializers.FanMode.FAN_OUT)).build(tf, seed);
  }

  /** 1x1 convolution, stride 1, no bias, He normal fan_out kernel. */
  static Conv2d conv1x1(Ops tf, String name, int in, int out, long seed) {
    return Conv2d.builder(name, in, out, 1).bias(false)
        .kernelInit(Initializers.heNormal(Initializers.FanMode.FAN_OUT)).build(tf, seed);
  }

  /** 3x3 depthwise convolution (PyTorch groups = channels), SAME, no bias. */
  static Conv2d depthwise3x3(Ops tf, String name, int channels, int stride, long seed) {
    return Conv2d.builder(name, channels, channels, 3).stride(stride).bias(false).depthwise(true)
        .kernelInit(Initializers.heNormal(Initializers.FanMode.FAN_OUT)).build(tf, seed);
  }

  /** Size after a SAME convolution or subsampling with {@code stride}: ceil(size/stride). */
  static int outSize(int size, int stride) {
    return (size + stride - 1) / stride;
  }

  /**
   * Every second row and column of NHWC {@code x} on the grid of a 3x3 stride-2 SAME convolution
   * (see the class comment): offset 1 on an even size, 0 on an odd one. Output size ceil(size/2).
   */
  static Operand<TFloat32> subsample(Ops tf, Operand<TFloat32> x) {
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    long c = x.shape().get(3);
    if (h < 0 || w < 0 || c < 0) {
      throw new IllegalArgumentException(
          "x must have a static height, width and channels, got " + x.shape());
    }
    Ops s = tf.withSubScope("subsample");
    if (h % 2 == 0 && w % 2 == 0) {
      // Viewed as [n, h/2, 2, w/2, 2c], the wanted pixels are the contiguous runs [:, :, 1, :, c:],
      // a plain Slice whose gradient is a Pad. Measured in the ResNet-20 step (batch 128, 28x28):
      // the stride-2 StridedSlice took 17 ms forward and 18 ms backward (its StridedSliceGrad is
      // slow), this takes about 1 ms each way.
      Operand<TFloat32> pairs = s.reshape(x, s.constant(new long[] {-1, h / 2, 2, w / 2, 2 * c}));
      // int32 begin and size: TF's Slice gradient subtracts them from an int32 Shape
      Operand<TFloat32> picked = s.slice(pairs, s.constant(new int[] {0, 0, 1, 0, (int) c}),
          s.constant(new int[] {-1, -1, 1, -1, (int) c}));
      return s.reshape(picked, s.constant(new long[] {-1, h / 2, w / 2, c}));
    }
    return s.stridedSlice(x, Indices.all(), Indices.sliceFrom(h % 2 == 0 ? 1 : 0, 2),
        Indices.sliceFrom(w % 2 == 0 ? 1 : 0, 2), Indices.all());
  }

  /**
   * Zero channels appended to NHWC {@code x} up to {@code out} channels, split evenly before and
   * after (the extra one after), as the reference option-A shortcut pads (out - in)/2 per side.
   */
  static Operand<TFloat32> padChannels(Ops tf, Operand<TFloat32> x, int in, int out) {
    int before = (out - in) / 2;
    int after = out - in - before;
    Ops s = tf.withSubScope("pad_channels");
    return s.pad(x, s.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {before, after}}),
        s.constant(0f));
  }

  /**
   * Applies {@code body} with a context whose ops are named under {@code name}, keeping the mode
   * and seed of {@code ctx}; state updates the body records go to {@code ctx} (which drops them
   * when it does not record).
   */
  static Operand<TFloat32> scoped(
      ModelContext ctx, String name, Function<ModelContext, Operand<TFloat32>> body) {
    Ops s = ctx.tf().withSubScope(name);
    ModelContext child =
        ctx.training() ? ModelContext.training(s, ctx.seed()) : ModelContext.inference(s);
    Operand<TFloat32> y = body.apply(child);
    child.updates().forEach(ctx::addUpdate);
    return y;
  }

  static int requireClasses(int classes) {
    return Require.classes(classes);
  }

  static ImageInput requireInput(ImageInput input) {
    if (input == null) {
      throw new IllegalArgumentException("input must be non-null, got null");
    }
    return input;
  }
}
