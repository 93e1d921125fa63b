package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.vision.data.ChannelStats;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class VisionModelsTest {
  private static final Shape GREY = Shape.of(28, 28, 1);
  private static final ChannelStats STATS =
      new ChannelStats(new double[] {0.286}, new double[] {0.353});

  @Test
  void everyStandardNameBuildsASpecOfThatName() {
    for (String name : VisionModels.names()) {
      ModelSpec spec = VisionModels.byName(name, 10, GREY, STATS);
      assertThat(spec.classes()).isEqualTo(10);
      assertThat(spec.name()).isEqualTo(name);
    }
  }

  @Test
  void namesMapToTheDocumentedSpecs() {
    ImageInput in = new ImageInput(28, 28, 1, new double[] {0.286}, new double[] {0.353});
    assertThat(VisionModels.byName("resnet20", 10, GREY, STATS))
        .isEqualTo(ResNetCifar.of(20, 10, in));
    assertThat(VisionModels.byName("ResNet56_proj", 10, GREY, STATS))
        .isEqualTo(ResNetCifar.of(56, 10, in, ResNetCifar.Shortcut.PROJECTION));
    assertThat(VisionModels.byName("wrn-28-10", 10, GREY, STATS))
        .isEqualTo(new WideResNet(28, 10, 0, 10, in));
    assertThat(VisionModels.byName("small_cnn_nobn", 10, GREY, STATS))
        .isEqualTo(new io.github.llr4j.core.nn.models.SmallCnn(28, 28, 1, 16, 32, 10, false));
    assertThat(VisionModels.byName("small_cnn", 10, GREY, STATS))
        .isEqualTo(new io.github.llr4j.core.nn.models.SmallCnn(28, 28, 1, 16, 32, 10, true));
    assertThat(VisionModels.byName("mobilenetv2_0.75", 10, GREY, STATS))
        .isEqualTo(new MobileNetV2(0.75, 10, in, 0));
    assertThat(VisionModels.byName("mobilenetv2_2", 10, GREY, STATS).name())
        .isEqualTo("mobilenetv2_2");
    assertThat(VisionModels.byName("mlp", 10, GREY, STATS))
        .isEqualTo(io.github.llr4j.core.nn.models.Mlp.of(784, java.util.List.of(128), 10));
    assertThat(VisionModels.byName("mlp_64_32", 10, GREY, STATS))
        .isEqualTo(io.github.llr4j.core.nn.models.Mlp.of(784, java.util.List.of(64, 32), 10));
    assertThat(VisionModels.byName("vgg16", 10, GREY, null))
        .isEqualTo(Vgg.of(16, 10, ImageInput.unnormalised(28, 28, 1)));
  }

  @Test
  void unknownNamesListTheValidOnes() {
    assertThatThrownBy(() -> VisionModels.byName("resnet16", 10, GREY, STATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model resnet16: depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got 16");
    // the reference's post-activation ResNet-18/50 with CIFAR stems (resnet50 is not 6n+2 n = 8)
    assertThat(VisionModels.byName("resnet18", 10, GREY, STATS)).isEqualTo(ResNet.of(18, 10,
        ImageInput.of(GREY, STATS)));
    assertThat(VisionModels.byName("ResNet50", 10, GREY, STATS)).isInstanceOf(ResNet.class)
        .extracting(ModelSpec::name).isEqualTo("resnet50");
    assertThatThrownBy(() -> VisionModels.byName("alexnet", 10, GREY, STATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model must be one of resnet20, resnet32, resnet44, resnet56, "
            + "resnet110, resnet20_proj, zerosnet20, zerosnet32, zerosnet44, zerosnet56, "
            + "zerosnet110, zerosnet20_preact, resnet18, resnet50, preact_resnet18, wrn16_4, wrn28_10, vgg11, vgg13, "
            + "vgg16, vgg19, mobilenetv2, mobilenetv2_0.5, small_cnn, small_cnn_nobn, mlp (or resnet<6n+2>[_proj], "
            + "zerosnet<6n+2>[_preact][_k<k>|_c<a0>,<a1>,<a2>,<b0>][_unstable], wrn<6n+4>_<k>,"
            + " mobilenetv2_<width>, mlp_<h1>[_<h2>...]), got alexnet");
    assertThatThrownBy(() -> VisionModels.byName("resnet99999999999", 10, GREY, STATS))
        .hasMessageEndingWith("got resnet99999999999");
    assertThatThrownBy(() -> VisionModels.byName("resnet20", 10, Shape.of(28, 28), STATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputShape must be [height, width, channels] with known sizes, got [28, 28]");
    assertThatThrownBy(() -> VisionModels.byName("resnet20", 10, Shape.of(32, 32, 3), STATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mean and std must have 3 values (one per channel), got 1 and 1");
  }
}
