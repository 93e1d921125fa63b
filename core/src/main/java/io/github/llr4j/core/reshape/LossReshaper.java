package io.github.llr4j.core.reshape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.exceptions.TFInvalidArgumentException;
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

  /** f(x) and f'(x) as graph operands of x's type and shape. */
  record WithDerivative<T extends TNumber>(Operand<T> value, Operand<T> derivative) {}

  /**
   * f(x) and f'(x) as graph ops, for the training step's gradient factor. The built-in functions
   * write f' analytically and share subexpressions with f (a handful of ops, where TF's symbolic
   * gradient of a scalar chain adds shape and broadcast bookkeeping to every op); the default
   * differentiates {@link #apply(Ops, Operand, Map)} symbolically, so user functions need nothing.
   */
  default <T extends TNumber> WithDerivative<T> applyWithDerivative(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients) {
    Operand<T> y = apply(tf, x, coefficients);
    return new WithDerivative<>(y, symbolicDerivative(tf, y, x));
  }

  /** dy/dx by TF's symbolic gradient; 0 when y does not depend on x (TF refuses the gradient then). */
  static <T extends TNumber> Operand<T> symbolicDerivative(Ops tf, Operand<T> y, Operand<T> x) {
    try {
      Operand<T> d = tf.gradients(y, List.of(x)).dy(0);
      return d != null ? d : tf.zerosLike(x);
    } catch (TFInvalidArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().contains("unreachable")) throw e;
      return tf.zerosLike(x);
    }
  }

  /** f(x) with this instance's coefficient values as constants. */
  default <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x) {
    return apply(tf, x, constants(tf, x));
  }

  /** f(x) and f'(x) with this instance's coefficient values as constants. */
  default <T extends TNumber> WithDerivative<T> applyWithDerivative(Ops tf, Operand<T> x) {
    return applyWithDerivative(tf, x, constants(tf, x));
  }

  private <T extends TNumber> Map<String, Operand<T>> constants(Ops tf, Operand<T> x) {
    Map<String, Operand<T>> constants = new LinkedHashMap<>();
    coefficients()
        .forEach((k, v) -> constants.put(k, tf.dtypes.cast(tf.constant(v), x.type())));
    return constants;
  }

  /** f(x) in float64 on the host: the analytic formula, for tests, reports and plots. */
  double value(double x);

  /** f'(x) in float64 on the host: the analytic derivative. */
  double derivative(double x);
}
