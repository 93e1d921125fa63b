package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * PreAct-ResNet-18 (He et al. 2016, "Identity Mappings in Deep Residual Networks"), the CIFAR
 * layout common in adversarial-robustness work: conv3x3(w) stem without BN, four stages of two
 * pre-activation blocks with w, 2w, 4w, 8w channels (strides 1, 2, 2, 2), final BN -> ReLU,
 * global average pooling, Dense(classes); w = 64 is the standard width. Block details in
 * {@code PreActNet}: 1x1 projection shortcut (no BN) on the pre-activated input where the shape
 * changes.
 *
 * <p>Parameters, CIFAR-10: 11,172,170 = the 11,171,146 (11.17M) of the popular
 * {@code kuangliu/pytorch-cifar} version, which omits the final BN, plus that BN's 2*512. The
 * final BN-ReLU is kept as in the paper and in the PreAct-ResNet-18 of Rice et al. 2020: without it
 * the pooled features are an un-normalised residual sum.
 *
 * <p>Deviations: SAME padding on stride-2 convolutions and the 1x1 projections read the same
 * grid (see the package notes); He normal (fan_out) kernels; any input size (global average
 * pooling replaces the reference's fixed 4x4 pooling, identical on 32x32 input).
 *
 * @param classes number of classes, >= 2
 * @param input input shape and normalisation
 * @param width channels of the first stage (64 standard; smaller for tests)
 */
public record PreActResNet(int classes, ImageInput input, int width) implements ModelSpec {

  public PreActResNet {
    Blocks.requireClasses(classes);
    Blocks.requireInput(input);
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
  }

  /** The standard PreAct-ResNet-18 (width 64). */
  public static PreActResNet resnet18(int classes, ImageInput input) {
    return new PreActResNet(classes, input, 64);
  }

  @Override
  public String name() {
    return width == 64 ? "preact_resnet18" : "preact_resnet18_w" + width;
  }

  private List<PreActNet.Stage> stages() {
    return List.of(new PreActNet.Stage(width, 2, 1), new PreActNet.Stage(2 * width, 2, 2),
        new PreActNet.Stage(4 * width, 2, 2), new PreActNet.Stage(8 * width, 2, 2));
  }

  /** The closed-form parameter count (see {@code PreActNet}). */
  public long parameterCount() {
    return PreActNet.parameterCount(input.channels(), width, stages(), classes);
  }

  @Override
  public Model build(Ops tf, long seed) {
    return PreActNet.build(tf, seed, name(), input, width, stages(), 0, classes);
  }
}
