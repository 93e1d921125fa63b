package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Initializers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.Conv2d.Options;
import org.tensorflow.types.TFloat32;

/**
 * 2-D convolution on NHWC input {@code [batch, h, w, in]}. Standard: kernel {@code [kh, kw, in,
 * out]} through {@code Conv2D}. Depthwise ({@code out = in * multiplier}, PyTorch {@code groups =
 * in}): kernel {@code [kh, kw, in, multiplier]} through {@code DepthwiseConv2dNative}, output
 * channel {@code c*multiplier + m} as in PyTorch. Other group counts are not offered (TF's CPU
 * Conv2D has no grouped kernel). Kernel init defaults to PyTorch's; bias init uses the kernel's
 * fans like PyTorch. Explicit padding (PyTorch {@code padding=p}) runs as SAME when that is the
 * same thing (stride 1, odd kernel, p = k/2), otherwise as Pad + VALID, because TF-Java 1.0.0's
 * Conv2D gradient ignores the {@code EXPLICIT} mode's paddings. Build with {@link #builder}.
 *
 * <p>oneDNN workaround: TF-Java 1.0.0's oneDNN 3.3.4 computes {@code Conv2DBackpropInput} (the
 * gradient with respect to the input) wrongly on AVX-512 BF16 CPUs such as AMD EPYC (Zen 4) when
 * the input has more than 32 channels and {@code in mod 32} is 1 to 16 (implementation
 * {@code brg_fwd:avx512_core}; measured for 33..336 channels, 1x1 and 3x3 kernels, relative errors
 * 0.5 to 2 while the forward pass and the kernel gradient are exact). Such a standard convolution
 * therefore pads its input and kernel with zero channels up to the next multiple of 32: the same
 * values, correct gradients, at most 49% more work for that layer (33 channels), none for the
 * usual widths (multiples of 16 up to 32, multiples of 32). See {@link #paddedChannels}.
 *
 * <p>bfloat16 workaround (sessions with {@link io.github.llr4j.core.precision.Precision#BF16}): the
 * same oneDNN computes a standard convolution wrongly in bfloat16 when the input has an odd number
 * of channels, forward and both gradients (relative errors 0.2 to 1, at times 1e10 and more, as if
 * reading uninitialised memory; measured for every odd count from 3 to 159 with 1x1 to 7x7 kernels
 * and strides 1 and 2, and for 1 channel with a 1x1 kernel; a single channel with a larger kernel,
 * every even count, depthwise convolutions and MatMul are right). Such an input gets one zero
 * channel more in every precision, so graphs and checkpoints do not depend on the precision: the
 * cost is one extra channel for RGB stems (3 -> 4), nothing for grey stems (1 channel, 3x3).
 */
public final class Conv2d implements Layer {
  private final String name;
  private final boolean depthwise;
  private final int inChannels;
  private final int kernelArea;
  private final List<Long> strides;
  private final Padding padding;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;
  private final boolean explicitIsSame;

  private Conv2d(Builder b, Ops tf, long seed) {
    this.name = b.name;
    this.depthwise = b.depthwise;
    this.inChannels = b.in;
    this.kernelArea = b.kernelH * b.kernelW;
    this.strides = List.of(1L, (long) b.stride, (long) b.stride, 1L);
    this.padding = b.padding;
    // With stride 1 and an odd kernel, SAME pads (k-1)/2 on each side whatever the input size.
    this.explicitIsSame = b.stride == 1 && b.kernelH % 2 == 1 && b.kernelW % 2 == 1
        && b.padding.top() == b.kernelH / 2 && b.padding.bottom() == b.kernelH / 2
        && b.padding.left() == b.kernelW / 2 && b.padding.right() == b.kernelW / 2;
    Ops s = tf.withSubScope(name);
    Shape kShape;
    Fans fans;
    if (depthwise) {
      Require.that(b.out % b.in == 0, "out", "be a multiple of in for a depthwise conv",
          "in " + b.in + ", out " + b.out);
      kShape = Shape.of(b.kernelH, b.kernelW, b.in, b.out / b.in);
      fans = Fans.depthwise(kShape);
    } else {
      kShape = Shape.of(b.kernelH, b.kernelW, b.in, b.out);
      fans = Fans.of(kShape);
    }
    kernel = LayerVariables.create(s, "kernel", kShape, fans, b.kernelInit, seed);
    bias = b.bias ? LayerVariables.create(s, "bias", Shape.of(b.out), fans, b.biasInit, seed) : null;
  }

  /** A convolution {@code name} from {@code in} to {@code out} channels with a square kernel. */
  public static Builder builder(String name, int in, int out, int kernelSize) {
    return new Builder(name, in, out, kernelSize);
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf().withSubScope(name);
    Operand<TFloat32> k = Params.read(tf, kernel);
    String mode = padding.mode();
    Operand<TFloat32> in = x;
    if (mode.equals("EXPLICIT")) {
      if (explicitIsSame) {
        mode = "SAME";
      } else {
        // TF-Java 1.0.0's Conv2D gradient drops explicit_paddings (the backprop op then fails),
        // so explicit padding is a Pad op followed by a VALID convolution.
        in = tf.pad(x, tf.constant(new int[][] {{0, 0}, {padding.top(), padding.bottom()},
            {padding.left(), padding.right()}, {0, 0}}), tf.constant(0f));
        mode = "VALID";
      }
    }
    int padded = depthwise ? inChannels : paddedChannels(inChannels, kernelArea);
    if (padded != inChannels) {
      int extra = padded - inChannels;
      in = tf.pad(in, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, extra}}), tf.constant(0f));
      k = tf.pad(k, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, extra}, {0, 0}}), tf.constant(0f));
    }
    Operand<TFloat32> y = depthwise
        ? tf.nn.depthwiseConv2dNative(in, k, strides, mode)
        : tf.nn.conv2d(in, k, strides, mode, new Options[0]);
    return bias == null ? y : tf.nn.biasAdd(y, Params.read(tf, bias));
  }

  /**
   * The input channels a standard convolution with a kernel of {@code kernelArea} taps runs with:
   * {@code in} itself; the next multiple of 32 when {@code in > 32} and {@code in mod 32} is in
   * [1, 16]; else {@code in + 1} when {@code in} is odd, unless it is a single channel under a
   * kernel larger than 1x1 (the two oneDNN workarounds of the class comment).
   */
  static int paddedChannels(int in, int kernelArea) {
    int tail = in % 32;
    if (in > 32 && tail >= 1 && tail <= 16) return in - tail + 32;
    return in % 2 == 1 && (in > 1 || kernelArea == 1) ? in + 1 : in;
  }

  public Variable<TFloat32> kernel() {
    return kernel;
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return bias == null ? List.of(kernel) : List.of(kernel, bias);
  }

  /** Settings of a {@link Conv2d}; every setter validates. */
  public static final class Builder {
    private final String name;
    private final int in;
    private final int out;
    private int kernelH;
    private int kernelW;
    private int stride = 1;
    private Padding padding = Padding.SAME;
    private boolean bias = true;
    private boolean depthwise;
    private Initializer kernelInit = Initializers.pytorchDefault();
    private Initializer biasInit = Initializers.pytorchDefault();

    private Builder(String name, int in, int out, int kernelSize) {
      this.name = LayerVariables.requireName(name);
      this.in = Require.positive("in", in);
      this.out = Require.positive("out", out);
      this.kernelH = Require.positive("kernelSize", kernelSize);
      this.kernelW = kernelSize;
    }

    public Builder kernel(int height, int width) {
      kernelH = Require.positive("kernel height", height);
      kernelW = Require.positive("kernel width", width);
      return this;
    }

    public Builder stride(int stride) {
      this.stride = Require.positive("stride", stride);
      return this;
    }

    public Builder padding(Padding padding) {
      Require.that(padding != null, "padding", "be non-null", null);
      this.padding = padding;
      return this;
    }

    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    /** Depthwise convolution (PyTorch {@code groups = in}); {@code out} must be a multiple of in. */
    public Builder depthwise(boolean depthwise) {
      this.depthwise = depthwise;
      return this;
    }

    public Builder kernelInit(Initializer init) {
      Require.that(init != null, "kernelInit", "be non-null", null);
      this.kernelInit = init;
      return this;
    }

    public Builder biasInit(Initializer init) {
      Require.that(init != null, "biasInit", "be non-null", null);
      this.biasInit = init;
      return this;
    }

    /** Creates the variables under {@code tf}'s scope. */
    public Conv2d build(Ops tf, long seed) {
      return new Conv2d(this, tf, seed);
    }
  }
}
