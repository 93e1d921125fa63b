package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ImageNet variant of sech at and around its kinks, against values worked out by hand from the
 * reference's formula with a = 4, b = 0.15, shift 0.25, one wrap per unit (c = ln(1 + sqrt 2),
 * a b / c = 0.6 / 0.8813736 = 0.6807556).
 */
class SechImageNetTest {

  private final SechImageNet f = Reshapers.sechImageNet(4, 0.15, 0.25, 1);

  @Test
  void belowTheShiftIsTheShiftedLossAlone() {
    assertThat(f.value(0.1)).isCloseTo(-0.15, within(1e-12));
    assertThat(f.value(0.25 - 1e-9)).isCloseTo(0, within(1e-8));
    assertThat(f.derivative(0.2)).isEqualTo(1.0);
  }

  @Test
  void atTheShiftTheSechTermSwitchesOn() {
    // y = 0: -(ab/c) sech 0 + 0; f' = 1 + a tanh 0 sech 0 = 1 (f' continuous, f jumps)
    assertThat(f.value(0.25)).isCloseTo(-0.6807556, within(1e-7));
    assertThat(f.derivative(0.25)).isCloseTo(1.0, within(1e-12));
    assertThat(f.derivative(0.25 + 1e-6)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void atYEqualsBTheFactorPeaksAtOnePlusAOverTwo() {
    // x = 0.4: y = 0.15 = b, u = c, sech c = 1/sqrt 2 = tanh c: f = -0.6807556 / sqrt 2 + 0.15
    assertThat(f.value(0.4)).isCloseTo(-0.4813669 + 0.15, within(1e-7));
    assertThat(f.derivative(0.4)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void theLossWrapsAtOne() {
    // just below 1: y -> 0.75, u = 5c, sech(5c) = 2 / ((1+sqrt2)^5 + (1+sqrt2)^-5) = 0.0243830
    assertThat(f.value(1 - 1e-12)).isCloseTo(-0.6807556 * 0.0243830 + 0.75, within(1e-6));
    // at 1: fmod(1, 1) = 0, y = -0.25, below the shift again
    assertThat(f.value(1.0)).isCloseTo(-0.25, within(1e-12));
    assertThat(f.value(1.25)).isCloseTo(f.value(0.25), within(1e-12));
  }

  @Test
  void circDividesTheUnitAndScalesTheFactor() {
    SechImageNet g = Reshapers.sechImageNet(4, 0.15, 0.25, 2);
    // x = 0.7: 2 fmod(0.7, 0.5) - 0.25 = 0.15 = b
    assertThat(g.value(0.7)).isCloseTo(-0.4813669 + 0.15, within(1e-7));
    assertThat(g.derivative(0.7)).isCloseTo(6.0, within(1e-12));
    assertThat(g.derivative(0.55)).isEqualTo(2.0);
  }

  @Test
  void catalogueDefaultsAndBadInput() {
    assertThat(Reshapers.create("sech-imagenet", Map.of())).isEqualTo(new SechImageNet(4, 0.15, 0.25, 1));
    assertThatThrownBy(() -> Reshapers.create("sech-imagenet", Map.of("circ", "1.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sech-imagenet circ must be an integer in [1, 1e6], got 1.5");
    assertThatThrownBy(() -> Reshapers.sechImageNet(4, 0, 0.25, 1))
        .hasMessageContaining("sech-imagenet b must be > 0 and finite");
  }
}
