package io.github.llr4j.core.optim;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * A stateless transformation of the gradients in front of any {@link Optimizer}, in the manner of
 * optax's gradient transformations: {@code transform.then(optimizer)} is an optimizer that updates
 * with the transformed gradients. {@link GradientActivation} (GAF) is one.
 */
public interface GradientTransform {

  /** A short name for reports, e.g. {@code gaf}. */
  String name();

  /**
   * The transformed gradients, one per parameter, same order and shapes as {@code gradients}.
   *
   * @param type the element type of every parameter and gradient (float32 or float64)
   */
  <T extends TNumber> List<Operand<T>> apply(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, Class<T> type);

  /** {@code base} updating with this transformation's gradients (see {@link Transformed}). */
  default Transformed then(Optimizer base) {
    return new Transformed(this, base);
  }
}
