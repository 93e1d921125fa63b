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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ZeroSNet (Chen, Jin and Shang, AAAI 2022; reference code LongJin-lab/ZeroSNet): a CIFAR ResNet
 * whose blocks advance by a zero-stable three-step method instead of forward Euler,
 *
 * <pre>x_{n+1} = a0 x_n + a1 x_{n-1} + a2 x_{n-2} + b0 F(x_n)</pre>
 *
 * with the coefficients of {@link ZeroSCoefficients} (by default the reference's k = -9/5). The
 * first two blocks, which lack the history, take ResNet's update x_{n+1} = x_n + F(x_n), as in
 * the reference. Earlier feature maps on a larger grid or with fewer channels are brought to the
 * block's output by option A (2x2 subsampling and zero channels, as the shortcut), once per stage
 * boundary crossed.
 *
 * <p>Two layouts, same depths (6n + 2: 20, 32, 44, 56, 110), widths (w, 2w, 4w) and stages as
 * {@link ResNetCifar}:
 *
 * <ul>
 *   <li>post-activation (default, {@code zerosnet20}): exactly the blocks of {@link ResNetCifar}
 *       with option-A shortcuts, x_{n+1} = ReLU(b0 F(x_n) + a0 x_n + a1 x_{n-1} + a2 x_{n-2}); same
 *       parameters as ResNet, so a comparison isolates the update rule, and with coefficients
 *       (1, 0, 0, 1) it is ResNet exactly.
 *   <li>pre-activation ({@code zerosnet20_preact}), the reference's layout: stem conv3x3 without
 *       BN (the reference defines one but never applies it), blocks BN -> ReLU -> conv3x3 -> BN ->
 *       ReLU -> conv3x3 with no ReLU after the update, final BN -> ReLU before the pooling.
 * </ul>
 *
 * <p>Deviations from the reference: history maps change shape by option A where the reference
 * uses learned 1x1 stride-2 convolutions (its {@code Downsample_clean}), so the parameter count
 * stays ResNet's; h = 1 and k is fixed (the reference's "Opt"; its "Tra" variant, which trains k,
 * is not built); SAME padding and He normal (fan_out) kernels as in the rest of the package.
 *
 * <p>Parameters (CIFAR-10, w = 16): post-activation equals {@link ResNetCifar} option A, 269,722 for
 * depth 20; pre-activation see {@link #parameterCount()}.
 *
 * @param depth 6n + 2 with n >= 1
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param coefficients the multistep coefficients
 * @param preActivation the reference's pre-activation layout instead of ResNetCifar's
 * @param width channels of the first stage, doubled per stage (16 standard)
 * @param allowUnstable accept coefficients that are inconsistent or not zero-stable (ablations);
 *     otherwise they are refused with the roots in the message
 */
public record ZeroSNet(int depth, int classes, ImageInput input, ZeroSCoefficients coefficients,
    boolean preActivation, int width, boolean allowUnstable) implements ModelSpec {

  public ZeroSNet {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException(
          "depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got " + depth);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (coefficients == null) {
      throw new IllegalArgumentException("coefficients must be non-null, got null");
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    coefficients.requireValid(allowUnstable);
  }

  /** The reference's choice k = -9/5, post-activation, width 16. */
  public static ZeroSNet of(int depth, int classes, ImageInput input) {
    return new ZeroSNet(depth, classes, input,
        ZeroSCoefficients.fromParameter(ZeroSCoefficients.DEFAULT_PARAMETER), false, 16, false);
  }

  @Override
  public String name() {
    StringBuilder b = new StringBuilder("zerosnet").append(depth);
    if (preActivation) {
      b.append("_preact");
    }
    ZeroSCoefficients c = coefficients;
    if (!c.hasParameter()) {
      b.append("_c").append(number(c.a0())).append(',').append(number(c.a1())).append(',')
          .append(number(c.a2())).append(',').append(number(c.b0()));
    } else if (c.parameter() != ZeroSCoefficients.DEFAULT_PARAMETER) {
      b.append("_k").append(number(c.parameter()));
    }
    if (width != 16) {
      b.append("_w").append(width);
    }
    return allowUnstable ? b.append("_unstable").toString() : b.toString();
  }

  /** Shortest text that parses back to v: -1 for -1.0, 0.5, -1.8. */
  private static String number(double v) {
    String s = Double.toString(v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** The update rule and its stability, for the run banner and model.json. */
  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", "zerosnet");
    m.put("layout", preActivation ? "pre-activation" : "post-activation");
    m.put("update", "x_{n+1} = a0 x_n + a1 x_{n-1} + a2 x_{n-2} + b0 F(x_n) (blocks 1-2: x_n + F(x_n))");
    m.putAll(coefficients.describe());
    m.put("allow_unstable", allowUnstable);
    return m;
  }

  /** Blocks per stage, n = (depth - 2) / 6. */
  public int blocksPerStage() {
    return (depth - 2) / 6;
  }

  /**
   * Post-activation: {@link ResNetCifar#parameterCount()} with option A. Pre-activation: stem
   * 9*c*w; per block 2*in + 9*in*out + 2*out + 9*out*out; final BN 2*4w; head 4w*classes + classes.
   */
  public long parameterCount() {
    if (!preActivation) {
      return resnet().parameterCount();
    }
    long p = 9L * input.channels() * width;
    int in = width;
    for (int out : new int[] {width, 2 * width, 4 * width}) {
      for (int b = 0; b < blocksPerStage(); b++) {
        p += 2L * in + 9L * in * out + 2L * out + 9L * out * out;
        in = out;
      }
    }
    return p + 2L * in + (long) in * classes + classes;
  }

  /** The ResNet with the same blocks (option A): the comparison this family is made for. */
  public ResNetCifar resnet() {
    return new ResNetCifar(depth, classes, input, ResNetCifar.Shortcut.ZERO_PAD, width);
  }

  @Override
  public Model build(Ops tf, long seed) {
    String scope = "zerosnet" + depth + (preActivation ? "_preact" : "");
    Ops s = tf.withSubScope(scope);
    VariableSet vs = new VariableSet();
    Conv2d stem = vs.add(Blocks.conv3x3(s, "stem_conv", input.channels(), width, 1,
        Seeds.derive(seed, "stem_conv")));
    BatchNorm stemBn = preActivation ? null : vs.add(new BatchNorm(s, "stem_bn", width));
    List<Step> steps = new ArrayList<>();
    int in = width;
    int[] widths = {width, 2 * width, 4 * width};
    for (int stage = 0; stage < widths.length; stage++) {
      for (int b = 0; b < blocksPerStage(); b++) {
        String name = "stage" + (stage + 1) + "_block" + b;
        int stride = stage > 0 && b == 0 ? 2 : 1;
        Ops bs = s.withSubScope(name);
        long bseed = Seeds.derive(seed, name);
        steps.add(preActivation
            ? new PreActStep(bs, name, in, widths[stage], stride, bseed, vs)
            : new PostActStep(new ResNetCifar.Block(bs, name, in, widths[stage], stride,
                ResNetCifar.Shortcut.ZERO_PAD, bseed, vs)));
        in = widths[stage];
      }
    }
    BatchNorm finalBn = preActivation ? vs.add(new BatchNorm(s, "final_bn", in)) : null;
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    ZeroSCoefficients c = coefficients;
    return new VisionModel(scope, input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = stem.apply(ctx, x);
      if (stemBn != null) {
        y = Activations.relu(t, stemBn.apply(ctx, y));
      }
      Operand<TFloat32> prev1 = null;
      Operand<TFloat32> prev2 = null;
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        Operand<TFloat32> xn = y;
        Operand<TFloat32> xn1 = prev1;
        Operand<TFloat32> xn2 = prev2;
        boolean startup = i < 2;
        y = Blocks.scoped(ctx, step.name(), bc -> {
          Ops bt = bc.tf();
          Operand<TFloat32> f = step.branch(bc, xn);
          Operand<TFloat32> sum;
          if (startup) {
            sum = bt.math.add(f, step.shortcut(bc, xn));
          } else {
            sum = weighted(bt, c.b0(), f);
            sum = plus(bt, sum, c.a0(), step.shortcut(bc, xn));
            sum = plus(bt, sum, c.a1(), align(bt, xn1, f));
            sum = plus(bt, sum, c.a2(), align(bt, xn2, f));
          }
          return step.activate(bt, sum);
        });
        prev2 = prev1;
        prev1 = xn;
      }
      if (finalBn != null) {
        y = Activations.relu(t, finalBn.apply(ctx, y));
      }
      return head.apply(ctx, Pooling.globalAveragePool(t, y));
    });
  }

  /** coefficient * x, without a multiplication when the coefficient is 1. */
  private static Operand<TFloat32> weighted(Ops tf, double coefficient, Operand<TFloat32> x) {
    return coefficient == 1 ? x : tf.math.mul(x, tf.constant((float) coefficient));
  }

  /** sum + coefficient * x; a zero coefficient adds nothing (so Euler is ResNet bit for bit). */
  private static Operand<TFloat32> plus(
      Ops tf, Operand<TFloat32> sum, double coefficient, Operand<TFloat32> x) {
    return coefficient == 0 ? sum : tf.math.add(sum, weighted(tf, coefficient, x));
  }

  /**
   * An earlier feature map on the grid and channels of {@code like}: option-A subsampling once per
   * halving, then zero channels.
   */
  static Operand<TFloat32> align(Ops tf, Operand<TFloat32> h, Operand<TFloat32> like) {
    long size = like.shape().get(1);
    int out = (int) like.shape().get(3);
    Operand<TFloat32> a = h;
    while (a.shape().get(1) > size) {
      a = Blocks.subsample(tf, a);
    }
    int in = (int) a.shape().get(3);
    return in == out ? a : Blocks.padChannels(tf, a, in, out);
  }

  /** One block: its residual branch, its shortcut and what follows the update. */
  private interface Step {
    String name();

    Operand<TFloat32> branch(ModelContext ctx, Operand<TFloat32> x);

    Operand<TFloat32> shortcut(ModelContext ctx, Operand<TFloat32> x);

    Operand<TFloat32> activate(Ops tf, Operand<TFloat32> sum);
  }

  /** ResNetCifar's block; ReLU after the update. */
  private record PostActStep(ResNetCifar.Block block) implements Step {
    @Override
    public String name() {
      return block.name;
    }

    @Override
    public Operand<TFloat32> branch(ModelContext ctx, Operand<TFloat32> x) {
      return block.branch(ctx, x);
    }

    @Override
    public Operand<TFloat32> shortcut(ModelContext ctx, Operand<TFloat32> x) {
      return block.shortcut(ctx, x);
    }

    @Override
    public Operand<TFloat32> activate(Ops tf, Operand<TFloat32> sum) {
      return Activations.relu(tf, sum);
    }
  }

  /** BN -> ReLU -> conv3x3 -> BN -> ReLU -> conv3x3; option-A shortcut; nothing after the update. */
  private static final class PreActStep implements Step {
    private final String name;
    private final int in;
    private final int out;
    private final int stride;
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;

    PreActStep(Ops s, String name, int in, int out, int stride, long seed, VariableSet vs) {
      this.name = name;
      this.in = in;
      this.out = out;
      this.stride = stride;
      bn1 = vs.add(new BatchNorm(s, "bn1", in));
      conv1 = vs.add(Blocks.conv3x3(s, "conv1", in, out, stride, Seeds.derive(seed, "conv1")));
      bn2 = vs.add(new BatchNorm(s, "bn2", out));
      conv2 = vs.add(Blocks.conv3x3(s, "conv2", out, out, 1, Seeds.derive(seed, "conv2")));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Operand<TFloat32> branch(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> y = conv1.apply(ctx, Activations.relu(tf, bn1.apply(ctx, x)));
      return conv2.apply(ctx, Activations.relu(tf, bn2.apply(ctx, y)));
    }

    @Override
    public Operand<TFloat32> shortcut(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> sc = stride == 2 ? Blocks.subsample(tf, x) : x;
      return in == out ? sc : Blocks.padChannels(tf, sc, in, out);
    }

    @Override
    public Operand<TFloat32> activate(Ops tf, Operand<TFloat32> sum) {
      return sum;
    }
  }
}
