package io.github.llr4j.core.nn.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PolynomialsTest {

  private static void assertRoot(Complex z, double re, double im, double tol) {
    assertThat(z.re()).as("re of %s", z).isCloseTo(re, within(tol));
    assertThat(z.im()).as("im of %s", z).isCloseTo(im, within(tol));
  }

  @Test
  void cubicWithRealRoots() {
    // z^3 - z = z (z - 1)(z + 1)
    Complex[] r = Polynomials.roots(1, 0, -1, 0);
    assertThat(r).hasSize(3);
    assertRoot(r[0], -1, 0, 1e-12);
    assertRoot(r[1], 0, 0, 0);
    assertRoot(r[2], 1, 0, 1e-12);
  }

  @Test
  void complexPair() {
    // z^2 - 2z + 5: (2 +- sqrt(4 - 20)) / 2 = 1 +- 2i
    Complex[] r = Polynomials.roots(1, -2, 5);
    assertRoot(r[0], 1, -2, 1e-12);
    assertRoot(r[1], 1, 2, 1e-12);
  }

  @Test
  void doubleRootToAboutSqrtEpsilon() {
    // (z - 1)(z + 1/3)^2 = z^3 - z^2/3 - 5z/9 - 1/9
    Complex[] r = Polynomials.roots(1, -1.0 / 3, -5.0 / 9, -1.0 / 9);
    assertRoot(r[0], -1.0 / 3, 0, 1e-7);
    assertRoot(r[1], -1.0 / 3, 0, 1e-7);
    assertRoot(r[2], 1, 0, 1e-12);
  }

  @Test
  void leadingZerosLowerTheDegreeAndScaleDoesNotMatter() {
    // 0 z^3 + 4 z^2 - 16 = 4 (z - 2)(z + 2)
    Complex[] r = Polynomials.roots(0, 4, 0, -16);
    assertThat(r).hasSize(2);
    assertRoot(r[0], -2, 0, 1e-12);
    assertRoot(r[1], 2, 0, 1e-12);
  }

  @Test
  void quarticWithMixedRoots() {
    // (z^2 + 1)(z - 3)(z + 0.5) = z^4 - 2.5 z^3 - 0.5 z^2 - 2.5 z - 1.5
    Complex[] r = Polynomials.roots(1, -2.5, -0.5, -2.5, -1.5);
    assertRoot(r[0], -0.5, 0, 1e-12);
    assertRoot(r[1], 0, -1, 1e-12);
    assertRoot(r[2], 0, 1, 1e-12);
    assertRoot(r[3], 3, 0, 1e-12);
  }

  @Test
  void refusesDegenerateInput() {
    assertThatThrownBy(() -> Polynomials.roots(0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not all be zero");
    assertThatThrownBy(() -> Polynomials.roots(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite");
    assertThatThrownBy(Polynomials::roots)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
  }
}
