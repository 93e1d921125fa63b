package io.github.llr4j.core.reshape;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * A built-in reshaper with an analytic f' as graph ops that reuses intermediate ops of f (sech's
 * e^{-|u|}, atan's bx, window's inside test, ...): one graph builder serves both {@link #apply}
 * (value only) and {@link #applyWithDerivative}.
 */
interface SharedSubexpressions extends LossReshaper {

  /** f, and f' when {@code withDerivative} (else the derivative is null), as graph ops. */
  <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean withDerivative);

  @Override
  default <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients) {
    return graph(tf, x, coefficients, false).value();
  }

  @Override
  default <T extends TNumber> WithDerivative<T> applyWithDerivative(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients) {
    return graph(tf, x, coefficients, true);
  }
}
