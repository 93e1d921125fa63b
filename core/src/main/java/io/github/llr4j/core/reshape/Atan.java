package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * f(x) = x + a*atan(b*x)^2, f'(x) = 1 + 2ab*atan(bx)/(1 + b^2 x^2) (spec section 2, authors'
 * engine.py). Defined for all x.
 *
 * @param a finite
 * @param b finite
 */
public record Atan(double a, double b) implements SharedSubexpressions {

  public Atan {
    Require.finite("atan a", a);
    Require.finite("atan b", b);
    UsableRange.atan(a, b);
  }

  @Override
  public String name() {
    return "atan";
  }

  @Override
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    return m;
  }

  /** f' = 1 + 2ab atan(bx) / (1 + (bx)^2). */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("atan");
    Operand<T> ca = coefficients.get("a");
    Operand<T> bx = s.math.mul(coefficients.get("b"), x);
    Operand<T> t = s.math.atan(bx);
    Operand<T> value = s.math.add(x, s.math.mul(ca, s.math.mul(t, t)));
    if (!derivative) return new WithDerivative<>(value, null);
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    Operand<T> twoAb = s.math.mul(s.dtypes.cast(s.constant(2.0), x.type()), s.math.mul(ca, coefficients.get("b")));
    Operand<T> slope = s.math.div(s.math.mul(twoAb, t), s.math.add(one, s.math.mul(bx, bx)));
    return new WithDerivative<>(value, s.math.add(one, slope));
  }

  @Override
  public double value(double x) {
    double t = Math.atan(b * x);
    return x + a * t * t;
  }

  @Override
  public double derivative(double x) {
    return 1 + 2 * a * b * Math.atan(b * x) / (1 + b * b * x * x);
  }
}
