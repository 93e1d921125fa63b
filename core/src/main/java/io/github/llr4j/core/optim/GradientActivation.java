package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * The gradient activation function (GAF) of spec section 5, element-wise
 * {@code phi(g) = alpha * atan(beta * g)}: about {@code alpha * beta * g} for small g, bounded by
 * {@code alpha * pi / 2} for large g. Used by {@link GafSgd} (on the raw gradient or on the
 * momentum update) and {@link GafAdam} (on the gradient entering Adam's moments).
 *
 * @param alpha output scale, > 0
 * @param beta input scale, > 0
 */
public record GradientActivation(double alpha, double beta) {

  public GradientActivation {
    Require.positive("alpha", alpha);
    Require.positive("beta", beta);
  }

  /** Spec defaults for the SGD placements: alpha 0.3, beta 4.5. */
  public static GradientActivation sgdDefault() {
    return new GradientActivation(0.3, 4.5);
  }

  /** Spec defaults inside Adam: alpha 0.1, beta 15. */
  public static GradientActivation adamDefault() {
    return new GradientActivation(0.1, 15);
  }

  /** {@code alpha * atan(beta * x)} under the sub-scope {@code gaf}. */
  public <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Class<T> type) {
    Ops s = tf.withSubScope("gaf");
    return s.math.mul(UpdateGraph.scalar(s, alpha, type), s.math.atan(s.math.mul(UpdateGraph.scalar(s, beta, type), x)));
  }

  /** The same function on the host (references, reports). */
  public double apply(double x) {
    return alpha * Math.atan(beta * x);
  }
}
