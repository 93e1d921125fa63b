package io.github.llr4j.core.reshape;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * A reshaping function f of the (normalised) scalar loss x (spec section 2): a pure graph function
 * with named numeric coefficients and, for the built-in functions, its analytic value and
 * derivative in plain Java.
 *
 * <p>Coefficients are graph operands, not constants: {@link #apply(Ops, Operand, Map)} takes them
 * as inputs so that a schedule (cyclic b, for instance) feeds new values each step without
 * rebuilding the graph. {@link #apply(Ops, Operand)} is the one-line use with the values this
 * reshaper was created with.
 */
public interface LossReshaper {

  /** Catalogue name, e.g. {@code sech}. */
  String name();

  /** Numeric coefficients by name, in declaration order, with the values of this instance. */
  Map<String, Double> coefficients();

  /**
   * f(x) as graph ops. {@code coefficients} holds one scalar operand of x's type per name of
   * {@link #coefficients()}.
   */
  <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients);

  /** f(x) with this instance's coefficient values as constants. */
  default <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x) {
    Map<String, Operand<T>> constants = new LinkedHashMap<>();
    coefficients()
        .forEach((k, v) -> constants.put(k, tf.dtypes.cast(tf.constant(v), x.type())));
    return apply(tf, x, constants);
  }

  /** f(x) in float64 on the host: the analytic formula, for tests, reports and plots. */
  double value(double x);

  /** f'(x) in float64 on the host: the analytic derivative. */
  double derivative(double x);
}
