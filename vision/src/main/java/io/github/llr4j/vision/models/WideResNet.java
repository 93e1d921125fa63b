package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * WideResNet-d-k (Zagoruyko and Komodakis 2016, "Wide Residual Networks"): depth d = 6n + 4,
 * widening factor k; conv3x3(16) stem, three stages of n pre-activation blocks with 16k, 32k, 64k
 * channels (strides 1, 2, 2), optional dropout between a block's two convolutions, final BN ->
 * ReLU, global average pooling, Dense(classes). Block details in {@code PreActNet}: 1x1
 * projection shortcut on the pre-activated input where the shape changes.
 *
 * <p>Parameters, CIFAR-10: WRN-28-10 36,479,194 (the paper's 36.5M), WRN-16-4 2,748,890 (2.7M);
 * in general {@link #parameterCount()}.
 *
 * <p>Deviations: SAME padding on stride-2 convolutions, projections on the same grid (see the
 * package notes); any input size (global average pooling replaces the reference's 8x8 pooling,
 * identical on 32x32 input).
 *
 * @param depth 6n + 4 with n >= 1 (16, 22, 28, 40)
 * @param widenFactor k >= 1
 * @param dropout rate in [0, 1) between the convolutions of each block (the paper uses 0.3)
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 */
public record WideResNet(int depth, int widenFactor, double dropout, int classes, ImageInput input)
    implements ModelSpec {

  public WideResNet {
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException(
          "depth must be 6n + 4 with n >= 1 (16, 22, 28, 40), got " + depth);
    }
    if (widenFactor < 1) {
      throw new IllegalArgumentException("widenFactor must be >= 1, got " + widenFactor);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
  }

  @Override
  public String name() {
    return "wrn" + depth + "_" + widenFactor;
  }

  private List<PreActNet.Stage> stages() {
    int n = (depth - 4) / 6;
    return List.of(new PreActNet.Stage(16 * widenFactor, n, 1),
        new PreActNet.Stage(32 * widenFactor, n, 2), new PreActNet.Stage(64 * widenFactor, n, 2));
  }

  /** The closed-form parameter count (see {@code PreActNet}). */
  public long parameterCount() {
    return PreActNet.parameterCount(input.channels(), 16, stages(), classes);
  }

  @Override
  public Model build(Ops tf, long seed) {
    return PreActNet.build(tf, seed, name(), input, 16, stages(), dropout, classes);
  }
}
