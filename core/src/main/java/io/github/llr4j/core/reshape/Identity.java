package io.github.llr4j.core.reshape;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/** f(x) = x, f'(x) = 1: the plain baseline (spec section 2). No coefficients. */
public record Identity() implements SharedSubexpressions {

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public Map<String, Double> coefficients() {
    return Map.of();
  }

  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("identity");
    return new WithDerivative<>(s.identity(x), derivative ? s.onesLike(x) : null);
  }

  @Override
  public double value(double x) {
    return x;
  }

  @Override
  public double derivative(double x) {
    return 1;
  }
}
