package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.testing.GraphEval;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserFunctionTest {

  @Test
  void graphOnlyFunctionGetsValueAndDerivativeFromItsOwnGraph() {
    // f(x) = x^3 + 2x: f(0.5) = 1.125, f'(0.5) = 2.75
    UserFunction f = UserFunction.of("cubic", (tf, x) ->
        tf.math.add(tf.math.mul(x, tf.math.mul(x, x)), tf.math.mul(tf.constant(2.0), x)));
    assertThat(f.value(0.5)).isCloseTo(1.125, within(1e-12));
    assertThat(f.derivative(0.5)).isCloseTo(2.75, within(1e-12));
    try (GraphEval g = new GraphEval(f)) {
      // value and TF gradient, then applyWithDerivative (symbolic for user functions)
      assertThat(g.at32(0.5f)).containsExactly(1.125f, 2.75f, 1.125f, 2.75f);
      assertThat(g.at64(2)).containsExactly(12.0, 14.0, 12.0, 14.0);
    }
  }

  @Test
  void coefficientsAreFedAndAnalyticFormulasAreUsed() {
    UserFunction f = new UserFunction("scaled", Map.of("s", 3.0),
        (tf, x, c) -> tf.math.mul(c.get("s"), x), x -> 3 * x, x -> 3);
    assertThat(f.coefficients()).containsExactly(Map.entry("s", 3.0));
    assertThat(f.value(2)).isEqualTo(6);
    try (GraphEval g = new GraphEval(f)) {
      assertThat(g.at64(2)).containsExactly(6.0, 3.0, 6.0, 3.0);
    }
  }
}
