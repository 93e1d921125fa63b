package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TNumber;

/**
 * f(x) = a*x when lo <= x <= hi, else x; f' = a inside, 1 outside (spec section 2, authors'
 * engine.py). The branch is a select taken on the batch's loss value; f is discontinuous at the
 * window edges unless a = 1.
 *
 * @param a slope inside the window, finite
 * @param lo lower edge (inclusive), finite
 * @param hi upper edge (inclusive), finite, >= lo
 */
public record Window(double a, double lo, double hi) implements SharedSubexpressions {

  public Window {
    Require.finite("window a", a);
    Require.finite("window lo", lo);
    Require.finite("window hi", hi);
    if (lo > hi) {
      throw new IllegalArgumentException("window lo must be <= hi (" + hi + "), got " + lo);
    }
    UsableRange.window(a, lo, hi);
  }

  @Override
  public String name() {
    return "window";
  }

  @Override
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("lo", lo);
    m.put("hi", hi);
    return m;
  }

  /** f' = a inside [lo, hi], 1 outside (TF's gradient of the select, boundaries inside). */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("window");
    Operand<T> ca = coefficients.get("a");
    Operand<TBool> inside =
        s.math.logicalAnd(
            s.math.greaterEqual(x, coefficients.get("lo")), s.math.lessEqual(x, coefficients.get("hi")));
    Operand<T> value = s.select(inside, s.math.mul(ca, x), x);
    if (!derivative) return new WithDerivative<>(value, null);
    Operand<T> ones = s.onesLike(x);
    return new WithDerivative<>(value, s.select(inside, s.math.mul(ca, ones), ones));
  }

  @Override
  public double value(double x) {
    return lo <= x && x <= hi ? a * x : x;
  }

  @Override
  public double derivative(double x) {
    return lo <= x && x <= hi ? a : 1;
  }
}
