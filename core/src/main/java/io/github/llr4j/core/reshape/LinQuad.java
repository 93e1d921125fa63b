package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * f(x) = x + a*x^2, f'(x) = 1 + 2ax (spec section 2, authors' engine.py). Defined for all x.
 *
 * @param a finite
 */
public record LinQuad(double a) implements SharedSubexpressions {

  public LinQuad {
    Require.finite("linquad a", a);
    UsableRange.linquad(a);
  }

  @Override
  public String name() {
    return "linquad";
  }

  @Override
  public Map<String, Double> coefficients() {
    return Map.of("a", a);
  }

  /** f' = 1 + 2ax. */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("linquad");
    Operand<T> ax = s.math.mul(coefficients.get("a"), x);
    Operand<T> value = s.math.add(x, s.math.mul(ax, x));
    if (!derivative) return new WithDerivative<>(value, null);
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    return new WithDerivative<>(value, s.math.add(one, s.math.add(ax, ax)));
  }

  @Override
  public double value(double x) {
    return x + a * x * x;
  }

  @Override
  public double derivative(double x) {
    return 1 + 2 * a * x;
  }
}
