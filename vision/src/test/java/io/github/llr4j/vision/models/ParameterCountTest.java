package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** Counts of built graphs (no session: building a large model only adds graph nodes). */
class ParameterCountTest {
  private static final ImageInput CIFAR = ImageInput.unnormalised(32, 32, 3);
  private static final ImageInput FASHION = ImageInput.unnormalised(28, 28, 1);


  private static long count(ModelSpec spec) {
    try (Graph g = new Graph()) {
      return spec.build(Ops.create(g), 1).parameterCount();
    }
  }

  @Test
  void resnetOptionAMatchesThePaper() {
    // He et al. 2016, table 6: 0.27M, 0.46M, 0.66M, 0.85M, 1.7M
    assertThat(count(ResNetCifar.of(20, 10, CIFAR))).isEqualTo(269_722);
    assertThat(count(ResNetCifar.of(56, 10, CIFAR))).isEqualTo(853_018);
    // the closed form, checked against the built graphs above and below
    assertThat(ResNetCifar.of(20, 10, CIFAR).parameterCount()).isEqualTo(269_722);
    assertThat(ResNetCifar.of(32, 10, CIFAR).parameterCount()).isEqualTo(464_154);
    assertThat(ResNetCifar.of(44, 10, CIFAR).parameterCount()).isEqualTo(658_586);
    assertThat(ResNetCifar.of(56, 10, CIFAR).parameterCount()).isEqualTo(853_018);
    assertThat(ResNetCifar.of(110, 10, CIFAR).parameterCount()).isEqualTo(1_727_962);
    // one grey channel: the stem loses 9*2*16 weights; 100 classes: the head gains 90*65
    assertThat(count(ResNetCifar.of(20, 10, FASHION))).isEqualTo(269_722 - 288);
    assertThat(count(ResNetCifar.of(20, 100, CIFAR))).isEqualTo(269_722 + 90 * 65);
  }

  @Test
  void resnetOptionBAddsTwoProjections() {
    ResNetCifar b20 = ResNetCifar.of(20, 10, CIFAR, ResNetCifar.Shortcut.PROJECTION);
    // 16*32 + 2*32 + 32*64 + 2*64
    assertThat(count(b20)).isEqualTo(269_722 + 2_752).isEqualTo(b20.parameterCount());
    assertThat(ResNetCifar.of(56, 10, CIFAR, ResNetCifar.Shortcut.PROJECTION).parameterCount())
        .isEqualTo(853_018 + 2_752);
  }

  @Test
  void resnetVariableLayout() {
    try (Graph g = new Graph()) {
      Model m = ResNetCifar.of(20, 10, CIFAR).build(Ops.create(g), 1);
      // stem conv + 3 stages * 3 blocks * 2 convs + head = 20 weight layers
      assertThat(m.trainableVariables().stream().filter(v -> v.shape().numDimensions() == 4))
          .hasSize(19);
      assertThat(m.stateVariables()).hasSize(2 * 19);
      assertThat(m.trainableVariables().get(0).op().name()).isEqualTo("resnet20/stem_conv/kernel");
      assertThat(m.trainableVariables()).extracting(v -> v.op().name())
          .contains("resnet20/stage3_block2/bn2/gamma", "resnet20/head/bias");
    }
  }

  /** The counts of the PyTorch CIFAR ResNet-18/50 (the reference's {@code models/resnet.py}). */
  @Test
  void postActivationResNet18And50() {
    ResNet r18 = ResNet.of(18, 10, CIFAR);
    assertThat(count(r18)).isEqualTo(11_173_962).isEqualTo(r18.parameterCount());
    ResNet r50 = ResNet.of(50, 10, CIFAR);
    assertThat(r50.parameterCount()).isEqualTo(23_520_842);
    // width 2 on 28x28x1, 3 classes: worked out with the formula of ResNet#parameterCount
    assertThat(count(new ResNet(18, 3, FASHION, 2))).isEqualTo(11_265);
    assertThat(count(new ResNet(50, 3, FASHION, 2))).isEqualTo(24_769);
    try (Graph g = new Graph()) {
      var m = r50.build(Ops.create(g), 1);
      assertThat(m.parameterCount()).isEqualTo(23_520_842);
      // stem + 16 bottlenecks * 3 + 4 projections convolutions; the head is a dense layer
      assertThat(m.trainableVariables().stream().filter(v -> v.shape().numDimensions() == 4))
          .hasSize(53);
      assertThat(m.trainableVariables()).extracting(v -> v.op().name())
          .contains("resnet50/stage4_block2/conv3/kernel", "resnet50/stage2_block0/shortcut_bn/beta");
    }
  }

  @Test
  void preactResNet18() {
    PreActResNet p = PreActResNet.resnet18(10, CIFAR);
    // kuangliu/pytorch-cifar's 11,171,146 (11.17M) plus the final BN's 2*512
    assertThat(count(p)).isEqualTo(11_171_146 + 1_024).isEqualTo(p.parameterCount());
  }

  @Test
  void wideResNets() {
    // Zagoruyko and Komodakis 2016: WRN-28-10 36.5M, WRN-16-4 2.7M, WRN-16-8 11.0M, WRN-40-4 8.9M
    assertThat(count(new WideResNet(28, 10, 0.3, 10, CIFAR))).isEqualTo(36_479_194);
    assertThat(count(new WideResNet(16, 4, 0, 10, CIFAR))).isEqualTo(2_748_890);
    assertThat(new WideResNet(16, 4, 0, 10, CIFAR).parameterCount()).isEqualTo(2_748_890);
    assertThat(new WideResNet(16, 8, 0, 10, CIFAR).parameterCount()).isEqualTo(10_961_370);
    assertThat(new WideResNet(40, 4, 0, 10, CIFAR).parameterCount()).isEqualTo(8_949_210);
    WideResNet tiny = new WideResNet(10, 1, 0, 3, FASHION);
    assertThat(count(tiny)).isEqualTo(tiny.parameterCount());
  }

  @Test
  void vggWithoutConvolutionBiases() {
    // kuangliu/pytorch-cifar 9,231,114 and 14,728,266 include 2,752 and 4,224 conv biases
    assertThat(count(Vgg.of(11, 10, CIFAR))).isEqualTo(9_231_114 - 2_752);
    assertThat(count(Vgg.of(16, 10, CIFAR))).isEqualTo(14_728_266 - 4_224);
    for (int depth : new int[] {13, 19}) {
      Vgg v = Vgg.of(depth, 10, FASHION);
      assertThat(count(v)).isEqualTo(v.parameterCount());
    }
  }

  @Test
  void mobileNetV2MatchesTorchvision() {
    // torchvision mobilenet_v2(): 3,504,872 with 1000 classes
    assertThat(count(new MobileNetV2(1.0, 1000, ImageInput.unnormalised(224, 224, 3), 0.2)))
        .isEqualTo(3_504_872);
    assertThat(count(new MobileNetV2(1.0, 10, CIFAR, 0))).isEqualTo(3_504_872 - 1_281_000 + 12_810);
    // an independent (test-side, Python) evaluation of the architecture at widths that round
    assertThat(count(new MobileNetV2(0.25, 10, FASHION, 0))).isEqualTo(250_778);
    assertThat(new MobileNetV2(0.5, 10, CIFAR, 0).parameterCount()).isEqualTo(700_490);
    assertThat(new MobileNetV2(1.0, 10, CIFAR, 0).parameterCount()).isEqualTo(2_236_682);
  }

  @Test
  void makeDivisibleFollowsTorchvision() {
    assertThat(MobileNetV2.divisible(32 * 0.5)).isEqualTo(16);
    assertThat(MobileNetV2.divisible(24 * 0.35)).isEqualTo(8);
    assertThat(MobileNetV2.divisible(96 * 0.75)).isEqualTo(72);
    // 160 * 0.35 = 56: a multiple already; 1280 * 1.4 = 1792
    assertThat(MobileNetV2.divisible(160 * 0.35)).isEqualTo(56);
    assertThat(MobileNetV2.divisible(1280 * 1.4)).isEqualTo(1792);
    // 18.4 rounds down to 16 < 0.9 * 18.4 = 16.56: bumped to 24
    assertThat(MobileNetV2.divisible(18.4)).isEqualTo(24);
  }
}
