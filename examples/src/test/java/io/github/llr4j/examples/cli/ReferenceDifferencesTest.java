package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 15's differences to the reference that the README keeps on purpose ("Kept, with the
 * reason"): the CLI's defaults are the ones it names, so a change to one of them shows up here and
 * in the README together. The matched differences have tests of their own: L0 over the whole set
 * ({@code InitialLossDefaultTest}), the cyclic period 12.5 ({@code ScheduleTest}), the ImageNet
 * sech ({@code SechImageNetTest}), top-5 ({@code EvaluatorTest}), uniform-ref noise
 * ({@code NoiseDistributionTest}), Cutout on raw pixels ({@code AugmentationTest}), the gradient
 * factor f' ({@code ReshapeEvaluatorTest}), ResNet-18/50 ({@code ModelGradientTest},
 * {@code ResNetTorchReferenceTest}) and L-BFGS-B epsilon-sharpness ({@code EpsilonSharpnessTest},
 * {@code BoxLbfgsTest}, {@code LandscapeCommandTest}).
 */
class ReferenceDifferencesTest {

  private static String defaultOf(Object command, String option) {
    return new CommandLine(command).getCommandSpec().findOption(option).defaultValue();
  }

  @Test
  void visionRecipeKeepsSpecSection7sLearningRateAndAValidationSplit() {
    // the reference: lr 0.05 and no validation split (README: pass --lr 0.05 --val-fraction 0)
    assertThat(TrainCommand.VISION.lr()).isEqualTo(0.1);
    assertThat(defaultOf(new TrainCommand(), "--val-fraction")).isEqualTo("0.1");
  }

  @Test
  void landscapeRadiusIsLiEtAlsRange() {
    // the reference plots [-0.2, 0.2] (README: pass --radius 0.2)
    assertThat(defaultOf(new LandscapeCommand(), "--radius")).isEqualTo("1.0");
    assertThat(defaultOf(new CompareCommand(), "--radius")).isEqualTo("1.0");
  }

  @Test
  void epsilonSharpnessIsKeskarsLbfgsbByDefault() {
    assertThat(defaultOf(new LandscapeCommand(), "--sharpness-method")).isEqualTo("lbfgsb");
    assertThat(defaultOf(new LandscapeCommand(), "--sharpness-eps")).isEqualTo("1e-3");
  }
}
