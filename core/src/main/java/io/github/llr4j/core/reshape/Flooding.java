package io.github.llr4j.core.reshape;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * Flooding (Ishida et al., ICML 2020): f(x) = |x - b| + b, f'(x) = sign(x - b): gradient descent
 * above the flood level b, ascent below it. At x = b the derivative is 0 (TF's sign(0)).
 *
 * @param b flood level, >= 0 and finite
 */
public record Flooding(double b) implements SharedSubexpressions {

  public Flooding {
    if (!(b >= 0) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("flooding b must be >= 0 and finite, got " + b);
    }
    UsableRange.float32("flooding", "b", b);
  }

  @Override
  public String name() {
    return "flooding";
  }

  @Override
  public Map<String, Double> coefficients() {
    return Map.of("b", b);
  }

  /** f' = sign(x - b) (0 at x = b, as TF's gradient of |.|). */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("flooding");
    Operand<T> cb = coefficients.get("b");
    Operand<T> d = s.math.sub(x, cb);
    return new WithDerivative<>(s.math.add(s.math.abs(d), cb), derivative ? s.math.sign(d) : null);
  }

  @Override
  public double value(double x) {
    return Math.abs(x - b) + b;
  }

  @Override
  public double derivative(double x) {
    return Math.signum(x - b);
  }
}
