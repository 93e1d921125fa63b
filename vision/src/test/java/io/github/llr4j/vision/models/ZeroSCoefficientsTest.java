package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.ode.Complex;
import io.github.llr4j.core.nn.ode.ZeroStability;
import org.junit.jupiter.api.Test;

/**
 * The coefficient construction against values worked out by hand from a0 = (3k+3)/(4k),
 * a1 = -1/k, a2 = (k+1)/(4k), b0 = (3k-1)/(2k), and rho(z) = (z - 1)(4k z^2 + (k-3) z + k+1)/(4k).
 */
class ZeroSCoefficientsTest {

  private static void assertCoefficients(ZeroSCoefficients c, double a0, double a1, double a2,
      double b0) {
    assertThat(c.a0()).isCloseTo(a0, within(1e-15));
    assertThat(c.a1()).isCloseTo(a1, within(1e-15));
    assertThat(c.a2()).isCloseTo(a2, within(1e-15));
    assertThat(c.b0()).isCloseTo(b0, within(1e-15));
    assertThat(c.inconsistency()).isEmpty();
    // second order: a1 + 4 a2 = 1 for every k
    assertThat(c.a1() + 4 * c.a2()).isCloseTo(1, within(1e-15));
  }

  private static void assertRoot(Complex z, double re, double im, double tol) {
    assertThat(z.re()).as("re of %s", z).isCloseTo(re, within(tol));
    assertThat(z.im()).as("im of %s", z).isCloseTo(im, within(tol));
  }

  @Test
  void referenceChoiceKMinusNineFifths() {
    // a0 = (-27/5 + 3)/(-36/5) = 1/3, a1 = 5/9, a2 = (-4/5)/(-36/5) = 1/9, b0 = (-32/5)/(-18/5)
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(-9.0 / 5);
    assertCoefficients(c, 1.0 / 3, 5.0 / 9, 1.0 / 9, 16.0 / 9);
    // quadratic -36/5 z^2 - 24/5 z - 4/5 = -36/5 (z + 1/3)^2: a double root inside the disc
    ZeroStability s = c.stability();
    assertThat(s.zeroStable()).isTrue();
    assertRoot(s.roots()[0], -1.0 / 3, 0, 1e-7);
    assertRoot(s.roots()[1], -1.0 / 3, 0, 1e-7);
    assertRoot(s.roots()[2], 1, 0, 1e-12);
  }

  @Test
  void boundaryKMinusOneIsLeapfrog() {
    // a0 = 0, a1 = 1, a2 = 0, b0 = (-4)/(-2) = 2: x_{n+1} = x_{n-1} + 2 F(x_n); rho = z^3 - z
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(-1);
    assertCoefficients(c, 0, 1, 0, 2);
    ZeroStability s = c.stability();
    assertThat(s.zeroStable()).isTrue();
    assertRoot(s.roots()[0], -1, 0, 1e-12);
    assertRoot(s.roots()[1], 0, 0, 1e-12);
    assertRoot(s.roots()[2], 1, 0, 1e-12);
    // just past the boundary, k = -0.99: 4k z^2 + (k-3) z + k+1 has a root below -1
    assertThat(ZeroSCoefficients.fromParameter(-0.99).stability().zeroStable()).isFalse();
  }

  @Test
  void kOneHasAComplexPairInside() {
    // a0 = 6/4, a1 = -1, a2 = 2/4, b0 = 2/2; quadratic 4z^2 - 2z + 2: z = 1/4 +- i sqrt(7)/4
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(1);
    assertCoefficients(c, 1.5, -1, 0.5, 1);
    ZeroStability s = c.stability();
    assertThat(s.zeroStable()).isTrue();
    assertRoot(s.roots()[0], 0.25, -Math.sqrt(7) / 4, 1e-12);
    assertRoot(s.roots()[1], 0.25, Math.sqrt(7) / 4, 1e-12);
    assertThat(s.roots()[0].abs()).isCloseTo(Math.sqrt(0.5), within(1e-12));
  }

  @Test
  void kOutsideTheRegionIsRefusedWithItsRoots() {
    // k = 0.2: (4.5, -5, 1.5, -1); quadratic 0.8 z^2 - 2.8 z + 1.2 = 0.8 (z - 3)(z - 0.5)
    ZeroSCoefficients c = ZeroSCoefficients.fromParameter(0.2);
    assertCoefficients(c, 4.5, -5, 1.5, -1);
    assertThatThrownBy(() -> c.requireValid(false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not zero-stable")
        .hasMessageContaining("roots of rho [0.500000, 1.00000, 3.00000]")
        .hasMessageContaining("k <= -1 or k > 1/3")
        .hasMessageContaining("_unstable");
    c.requireValid(true);
    // k = 1/3: rho = (z - 1)^3
    assertThatThrownBy(() -> ZeroSCoefficients.fromParameter(1.0 / 3).requireValid(false))
        .hasMessageContaining("not zero-stable");
    // k = -0.5, inside (-1, 0): root (-1.75 - sqrt(4.0625)) / 2 = -1.88278
    assertThatThrownBy(() -> ZeroSCoefficients.fromParameter(-0.5).requireValid(false))
        .hasMessageContaining("-1.88278");
  }

  @Test
  void inconsistentAndDegenerateCoefficientsAreRefused() {
    // the reference README's ablation (1, 1, 1, 1): a0 + a1 + a2 = 3
    assertThatThrownBy(() -> ZeroSCoefficients.of(1, 1, 1, 1).requireValid(false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a0 + a1 + a2 must be 1 (rho(1) = 0), got 3.00000");
    assertThatThrownBy(() -> ZeroSCoefficients.of(1, 0, 0, 2).requireValid(false))
        .hasMessageContaining("b0 must equal 3 - 2 a0 - a1 = 1.00000");
    assertThatThrownBy(() -> ZeroSCoefficients.fromParameter(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-zero");
    ZeroSCoefficients.forwardEuler().requireValid(false);
  }
}
