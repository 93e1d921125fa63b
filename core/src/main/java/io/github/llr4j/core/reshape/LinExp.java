package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * f(x) = (1 - a)*x + (e^{ax} - 1), f'(x) = 1 - a + a*e^{ax} (spec section 2, authors' engine.py);
 * f(0) = 0, f'(0) = 1. For a > 0 the value overflows once a*x exceeds ~88 (float32) / ~709
 * (float64), which is the function itself, not a numerical artefact; normalise by L0 to stay small.
 *
 * @param a finite
 */
public record LinExp(double a) implements SharedSubexpressions {

  public LinExp {
    Require.finite("linexp a", a);
    UsableRange.linexp(a);
  }

  @Override
  public String name() {
    return "linexp";
  }

  @Override
  public Map<String, Double> coefficients() {
    return Map.of("a", a);
  }

  /** f' = 1 - a + a e^{ax}. */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("linexp");
    Operand<T> ca = coefficients.get("a");
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    Operand<T> oneMinusA = s.math.sub(one, ca);
    Operand<T> exp = s.math.exp(s.math.mul(ca, x));
    Operand<T> value = s.math.add(s.math.mul(oneMinusA, x), s.math.sub(exp, one));
    return new WithDerivative<>(value, derivative ? s.math.add(oneMinusA, s.math.mul(ca, exp)) : null);
  }

  @Override
  public double value(double x) {
    return (1 - a) * x + Math.expm1(a * x);
  }

  @Override
  public double derivative(double x) {
    return 1 - a + a * Math.exp(a * x);
  }
}
