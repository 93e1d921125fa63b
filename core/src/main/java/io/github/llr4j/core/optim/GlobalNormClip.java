package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * Gradient clipping by global norm (Pascanu et al. 2013; TensorFlow's {@code clip_by_global_norm},
 * optax's {@code clip_by_global_norm}): with n = sqrt(sum over all gradients of sum g^2), every
 * gradient is scaled by {@code c / max(n, c)}, i.e. left as it is when n <= c and scaled to global
 * norm c otherwise. Directions are kept; one factor for all parameters. Compose with any optimizer:
 * {@code new GlobalNormClip(1).then(AdamW.of(...))} (BERT's fine-tuning uses c = 1).
 *
 * @param maxNorm c, > 0
 */
public record GlobalNormClip(double maxNorm) implements GradientTransform {

  public GlobalNormClip {
    Require.positive("maxNorm", maxNorm);
  }

  @Override
  public String name() {
    return "clip";
  }

  @Override
  public <T extends TNumber> List<Operand<T>> apply(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, Class<T> type) {
    Operand<T> sumSquares = null;
    for (Operand<T> g : gradients) {
      Operand<T> s = tf.reduceSum(tf.math.square(g), tf.range(tf.constant(0), tf.rank(g), tf.constant(1)));
      sumSquares = sumSquares == null ? s : tf.math.add(sumSquares, s);
    }
    Operand<T> c = UpdateGraph.scalar(tf, maxNorm, type);
    Operand<T> norm = tf.withName("global_norm").math.sqrt(sumSquares);
    // c / max(n, c): exactly 1 below the threshold, and no division by a zero norm
    Operand<T> factor = tf.withName("factor").math.div(c, tf.math.maximum(norm, c));
    List<Operand<T>> out = new ArrayList<>(gradients.size());
    for (Operand<T> g : gradients) out.add(tf.math.mul(g, factor));
    return out;
  }

  /** The same on the host: the factor for gradients of global norm {@code norm}. */
  public double factor(double norm) {
    return maxNorm / Math.max(norm, maxNorm);
  }

  @Override
  public String toString() {
    return "clip(global norm <= " + maxNorm + ")";
  }
}
