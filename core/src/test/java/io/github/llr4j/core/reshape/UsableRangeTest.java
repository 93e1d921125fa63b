package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parameters for which a reshaper is numerically dead (f' = 0 in float32 at every normalised loss
 * in [1e-6, 10]) or broken (f or f' overflows float32 there) are refused with the usable range.
 */
class UsableRangeTest {

  private static final double TINY = Float.MIN_NORMAL;

  /** The largest |f'| on a log grid of [1e-6, 10] (double precision, 2000 points). */
  private static double largestFactor(LossReshaper r) {
    double m = 0;
    for (int i = 0; i <= 2000; i++) m = Math.max(m, Math.abs(r.derivative(Math.pow(10, -6 + 7.0 * i / 2000))));
    return m;
  }

  private static double[] shownRange(String message) {
    Matcher m = Pattern.compile("must be in \\[([^,]+), ([^\\]]+)]").matcher(message);
    assertThat(m.find()).as(message).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  @Test
  void sechWidthThatKillsTheGradientIsRefusedWithTheUsableRange() {
    assertThatThrownBy(() -> Reshapers.create("sech", Map.of("b", "1e-46")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sech b must be in [9.9")
        .hasMessageContaining("for a = 2.5 and plus-base = 0.0")
        .hasMessageContaining("f' is 0 in float32 at every normalised loss in [1.0E-6, 10.0]")
        .hasMessageEndingWith("got 1.0E-46");
    String message = "";
    try {
      Reshapers.sech(2.5, 1e-20);
    } catch (IllegalArgumentException e) {
      message = e.getMessage();
    }
    double lo = shownRange(message)[0];
    // the boundary is where the largest gradient factor crosses float32's smallest normal number
    assertThat(largestFactor(new Sech(2.5, lo, 0, false))).isGreaterThanOrEqualTo(TINY);
    double below = lo / 1.01;
    assertThatThrownBy(() -> Reshapers.sech(2.5, below)).hasMessageStartingWith("sech b must be in [");
    assertThat(2.5 * 2 * Math.exp(-Sech.C * 1e-6 / below)).isLessThan(TINY);
    // the default and the paper's values stay accepted
    assertThat(Reshapers.sech(2.5, 0.15).b()).isEqualTo(0.15);
    assertThat(Reshapers.sech(2.5, 0.05).b()).isEqualTo(0.05);
  }

  @Test
  void aLinearFloorKeepsTinyWidthsUsableButNotFloat32Zero() {
    // with plus-base > 0, f' >= p everywhere: a tiny b only removes the bump
    assertThat(Reshapers.sech(2.5, 1e-30, 0.5, false).derivative(1)).isEqualTo(0.5);
    assertThatThrownBy(() -> Reshapers.sech(2.5, 1e-46, 0.5, false))
        .hasMessageStartingWith("sech b must be in [1.176E-38, ")
        .hasMessageContaining("f = -(a b / c) sech(c x / b) + p x overflows float32").hasMessageEndingWith("got 1.0E-46");
    assertThatThrownBy(() -> Reshapers.sech(0, 0.15, 0, false))
        .hasMessage("sech a must be nonzero when plus-base is 0 (f' = a tanh(u) sech(u) would be 0 everywhere;"
            + " give a, e.g. the default 2.5, or plus-base > 0), got a = 0.0");
    assertThat(Reshapers.sech(0, 0.15, 1, false).derivative(0.3)).isEqualTo(1.0);
    assertThatThrownBy(() -> Reshapers.sech(1e39, 0.15)).hasMessageStartingWith("sech a must be at most 3.4028234");
  }

  @Test
  void overflowingCoefficientsOfTheOtherFunctionsAreRefused() {
    assertThatThrownBy(() -> Reshapers.linexp(20)).hasMessageStartingWith("linexp a must be in [-3.402E+37, 8.")
        .hasMessageEndingWith("got 20.0");
    String m = "";
    try {
      Reshapers.linexp(20);
    } catch (IllegalArgumentException e) {
      m = e.getMessage();
    }
    double hi = shownRange(m)[1];
    assertThat((float) Reshapers.linexp(hi).derivative(10)).isFinite();
    assertThatThrownBy(() -> Reshapers.linexp(hi * 1.01)).hasMessageStartingWith("linexp a must be in [");
    assertThat(Float.isInfinite((float) (hi * 1.01 * Math.exp(hi * 1.01 * 10)))).isTrue();
    assertThatThrownBy(() -> Reshapers.linquad(1e37)).hasMessageStartingWith("linquad a must be in [-3.402E+36, 3.402E+36]");
    assertThatThrownBy(() -> Reshapers.logexp(0.99999999, 1, 1))
        .hasMessageStartingWith("logexp a must be in [0, 0.9999] (float32 rounds larger values to 1");
    assertThatThrownBy(() -> Reshapers.logexp(0.5, 1e-46, 1)).hasMessageStartingWith("logexp k must be in [1.176E-38, ")
        .hasMessageContaining("f' is 0 in float32");
    assertThatThrownBy(() -> Reshapers.atan(2e38, 10)).hasMessageStartingWith("atan a must be in [-1.379E+38, 1.379E+38]");
    assertThatThrownBy(() -> Reshapers.atan(1e30, 1e10)).hasMessageStartingWith("atan b must be in [");
    assertThatThrownBy(() -> Reshapers.window(0, 0, 100))
        .hasMessageStartingWith("window a must be nonzero when the window [0.0, 100.0] covers the normalised losses");
    assertThat(Reshapers.window(0, 0, 1).derivative(0.5)).isZero();
    assertThatThrownBy(() -> Reshapers.flooding(1e39)).hasMessageStartingWith("flooding b must be at most");
  }

  @Test
  void everyCatalogueDefaultIsUsable() {
    for (String name : Reshapers.names()) {
      LossReshaper r = Reshapers.create(name, Map.of());
      if (!name.equals("window") && !name.equals("flooding")) assertThat(largestFactor(r)).as(name).isGreaterThan(TINY);
    }
  }
}
