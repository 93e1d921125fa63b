package io.github.llr4j.core.nn.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZeroStabilityTest {

  @Test
  void forwardEulerIsZeroStable() {
    // rho(z) = z - 1
    ZeroStability s = ZeroStability.check(1, -1);
    assertThat(s.zeroStable()).isTrue();
    assertThat(s.reason()).isEmpty();
  }

  @Test
  void leapfrogHasSimpleRootsOnTheCircleAndIsZeroStable() {
    // explicit midpoint x_{n+1} = x_{n-1} + 2h f(x_n): rho(z) = z^2 - 1, roots +-1
    ZeroStability s = ZeroStability.check(1, 0, -1);
    assertThat(s.zeroStable()).isTrue();
    assertThat(s.spectralRadius()).isCloseTo(1, within(1e-12));
  }

  @Test
  void doubleRootOnTheCircleIsRefused() {
    // (z - 1)^2: the root condition's "simple" clause
    ZeroStability s = ZeroStability.check(1, -2, 1);
    assertThat(s.zeroStable()).isFalse();
    assertThat(s.reason()).contains("not simple");
  }

  @Test
  void tripleRootOnTheCircleIsRefused() {
    ZeroStability s = ZeroStability.check(1, -3, 3, -1);
    assertThat(s.zeroStable()).isFalse();
  }

  @Test
  void rootOutsideTheDiscIsRefusedAndNamed() {
    // (z - 1)(z + 1.5) = z^2 + 0.5 z - 1.5
    ZeroStability s = ZeroStability.check(1, 0.5, -1.5);
    assertThat(s.zeroStable()).isFalse();
    assertThat(s.reason()).contains("-1.50000").contains("outside the unit disc");
    assertThat(s.toString()).contains("roots [-1.50000, 1.00000]");
  }

  @Test
  void doubleRootInsideTheDiscIsFine() {
    // (z - 1)(z + 1/3)^2
    ZeroStability s = ZeroStability.check(1, -1.0 / 3, -5.0 / 9, -1.0 / 9);
    assertThat(s.zeroStable()).isTrue();
    assertThat(s.spectralRadius()).isCloseTo(1, within(1e-12));
  }

  @Test
  void complexPairOnTheCircleIsZeroStable() {
    // (z - 1)(z^2 + 1): roots 1, +-i, all simple on the circle
    assertThat(ZeroStability.check(1, -1, 1, -1).zeroStable()).isTrue();
  }
}
