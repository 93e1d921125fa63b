package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.adversarial.eval.RobustnessEvaluator;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator.Noise;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-pixel noise draws: {@code uniform} is m U[-1, 1] (mean 0, range [-m, m]);
 * {@code uniform-ref} is the reference's m U[0, 1) with signed m (mean m / 2, range [0, m) or
 * (m, 0]). 200,000 draws: the standard error of a mean is m / sqrt(12 * 200000) < 1e-4 for
 * |m| = 0.2 (m / sqrt(3 * 200000) for uniform), far inside the 2e-3 tolerance.
 */
class NoiseDistributionTest {

  private static double[] stats(Noise kind, double m) {
    Random rnd = new Random(7);
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double d = RobustnessEvaluator.perturbation(kind, m, rnd);
      sum += d;
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    return new double[] {sum / n, min, max};
  }

  @Test
  void uniformIsSymmetric() {
    double[] s = stats(Noise.UNIFORM, 0.2);
    assertThat(s[0]).isCloseTo(0, within(2e-3));
    assertThat(s[1]).isGreaterThanOrEqualTo(-0.2).isLessThan(-0.199);
    assertThat(s[2]).isLessThanOrEqualTo(0.2).isGreaterThan(0.199);
  }

  @Test
  void uniformRefIsOneSidedWithTheSignOfTheMagnitude() {
    double[] up = stats(Noise.UNIFORM_REF, 0.2);
    assertThat(up[0]).isCloseTo(0.1, within(2e-3));
    assertThat(up[1]).isGreaterThanOrEqualTo(0).isLessThan(0.001);
    assertThat(up[2]).isLessThan(0.2).isGreaterThan(0.199);
    double[] down = stats(Noise.UNIFORM_REF, -0.2);
    assertThat(down[0]).isCloseTo(-0.1, within(2e-3));
    assertThat(down[1]).isGreaterThan(-0.2).isLessThan(-0.199);
    assertThat(down[2]).isLessThanOrEqualTo(0).isGreaterThan(-0.001);
  }

  @Test
  void shiftAndGaussian() {
    double[] shift = stats(Noise.SHIFT, -0.3);
    assertThat(shift[0]).isCloseTo(-0.3, within(1e-9)); // the mean of 200,000 sums carries round-off
    assertThat(shift[1]).isEqualTo(-0.3);
    assertThat(shift[2]).isEqualTo(-0.3);
    assertThat(stats(Noise.GAUSSIAN, 0.1)[0]).isCloseTo(0, within(2e-3));
  }
}
