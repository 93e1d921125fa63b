package io.github.llr4j.vision.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSettingsTest {

  @Test
  void theBuilderStartsFromTheReferenceRecipe() {
    assertThat(ImageSettings.builder("cifar10").build())
        .isEqualTo(new ImageSettings("cifar10", null, "resnet20", 128, 1, 0.1, 0, 0, true, false, 4));
    assertThat(ImageSettings.builder("mnist").model("vgg11").batchSize(64).seed(7).valFraction(0).limitTrain(100)
        .limitTest(50).augment(false).cutout(true).cropPad(2).build())
        .isEqualTo(new ImageSettings("mnist", null, "vgg11", 64, 7, 0, 100, 50, false, true, 2));
  }

  @Test
  void badValuesNameTheirOption() {
    assertThatThrownBy(() -> ImageSettings.builder("mnist").batchSize(0).build())
        .hasMessage("--batch-size must be >= 1, got 0");
    assertThatThrownBy(() -> ImageSettings.builder("mnist").valFraction(1).build())
        .hasMessage("--val-fraction must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> ImageSettings.builder("mnist").limitTest(-1).build())
        .hasMessage("--limit-train and --limit-test must be >= 0 (0 = all), got 0 and -1");
    assertThatThrownBy(() -> ImageSettings.builder("mnist").cropPad(-2).build())
        .hasMessage("--crop-pad must be >= 0, got -2");
  }
}
