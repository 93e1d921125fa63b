package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * The gradient activation function (GAF) of spec section 5, element-wise
 * {@code phi(g) = alpha * atan(beta * g)}: about {@code alpha * beta * g} for small g, bounded by
 * {@code alpha * pi / 2} for large g. As a {@link GradientTransform} it acts on every gradient in
 * front of any optimizer ({@code GradientActivation.sgdDefault().then(optimizer)}); {@link GafSgd}
 * and {@link GafAdam} are that composition with SGD and Adam under their own names (and
 * {@link GafSgd} also offers the activation on the momentum update).
 *
 * @param alpha output scale, > 0
 * @param beta input scale, > 0
 */
public record GradientActivation(double alpha, double beta) implements GradientTransform {

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

  @Override
  public String name() {
    return "gaf";
  }

  /** {@code alpha * atan(beta * g)} for every gradient. */
  @Override
  public <T extends TNumber> List<Operand<T>> apply(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, Class<T> type) {
    List<Operand<T>> out = new ArrayList<>(gradients.size());
    for (Operand<T> g : gradients) out.add(apply(tf, g, type));
    return out;
  }

  /** {@code alpha * atan(beta * x)} under the sub-scope {@code gaf}. */
  public <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x, Class<T> type) {
    Ops s = tf.withSubScope("gaf");
    return s.math.mul(UpdateGraph.scalar(s, alpha, type), s.math.atan(s.math.mul(UpdateGraph.scalar(s, beta, type), x)));
  }

  @Override
  public String toString() {
    return "gaf(alpha=" + alpha + ", beta=" + beta + ")";
  }

  /** The same function on the host (references, reports). */
  public double apply(double x) {
    return alpha * Math.atan(beta * x);
  }
}
