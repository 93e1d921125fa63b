package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.reshape.LossReshaper;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * The evaluator's own arithmetic, independent of the catalogue: normalisation by L0, the symbolic
 * gradient, and the refusal of non-finite results. Uses test-local reshapers (a user-supplied f is
 * a reshaper too).
 */
class ReshapeEvaluatorTest {

  /** f(x) = x + a x^2 (spec's linquad). */
  private record Quadratic(double a) implements LossReshaper {
    @Override public String name() { return "quadratic"; }
    @Override public Map<String, Double> coefficients() { return Map.of("a", a); }
    @Override public <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Map<String, Operand<T>> c) {
      return tf.math.add(x, tf.math.mul(c.get("a"), tf.math.square(x)));
    }
    @Override public double value(double x) { return x + a * x * x; }
    @Override public double derivative(double x) { return 1 + 2 * a * x; }
  }

  /** f(x) = log(x): undefined for x <= 0. */
  private record Log() implements LossReshaper {
    @Override public String name() { return "log"; }
    @Override public Map<String, Double> coefficients() { return Map.of(); }
    @Override public <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Map<String, Operand<T>> c) {
      return tf.math.log(x);
    }
    @Override public double value(double x) { return Math.log(x); }
    @Override public double derivative(double x) { return 1 / x; }
  }

  @Test
  void withoutInitialLossItIsFOfL() {
    try (ReshapeEvaluator e = new ReshapeEvaluator(new Quadratic(0.5), OptionalDouble.empty())) {
      ReshapeEvaluator.Point p = e.at(0.5);
      assertThat(p.reshaped()).isCloseTo(0.625, within(1e-15));
      assertThat(p.grad()).isCloseTo(1.5, within(1e-15));
    }
  }

  @Test
  void withInitialLossItIsL0TimesFOfLOverL0AndGradientFPrimeOfLOverL0() {
    // L0 = 4, L = 2: x = 0.5, L_fin = 4 * 0.625 = 2.5, dL_fin/dL = f'(0.5) = 1.5 (not 4 * 1.5)
    try (ReshapeEvaluator e = new ReshapeEvaluator(new Quadratic(0.5), OptionalDouble.of(4))) {
      ReshapeEvaluator.Point p = e.at(2);
      assertThat(p.loss()).isEqualTo(2);
      assertThat(p.reshaped()).isCloseTo(2.5, within(1e-14));
      assertThat(p.grad()).isCloseTo(1.5, within(1e-14));
    }
  }

  @Test
  void computesInFloat64() {
    // a float32 graph would lose the 1e-12 term
    try (ReshapeEvaluator e = new ReshapeEvaluator(new Quadratic(1e-12), OptionalDouble.empty())) {
      assertThat(e.at(1).reshaped() - 1).isCloseTo(1e-12, within(1e-16));
    }
  }

  @Test
  void nonFiniteResultIsAnErrorNamingTheFunction() {
    try (ReshapeEvaluator e = new ReshapeEvaluator(new Log(), OptionalDouble.empty())) {
      assertThatThrownBy(() -> e.at(-1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("loss -1.0 is outside the domain of log");
    }
  }

  @Test
  void initialLossMustBePositiveAndFinite() {
    for (double bad : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ReshapeEvaluator(new Quadratic(1), OptionalDouble.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("initial loss L0 must be positive and finite, got " + bad);
    }
  }
}
