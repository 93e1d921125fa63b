package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Layer normalisation over the last axis (PyTorch {@code LayerNorm(d)}): y = gamma (x - mu) /
 * sqrt(var + eps) + beta with mu, var the biased mean and variance of the last axis; gamma ones,
 * beta zeros, both {@code [d]}; eps 1e-5 by default. Any rank >= 1.
 */
public final class LayerNorm implements Layer {
  private final String name;
  private final float epsilon;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;

  public LayerNorm(Ops tf, String name, int dim) {
    this(tf, name, dim, 1e-5f);
  }

  public LayerNorm(Ops tf, String name, int dim, float epsilon) {
    this.name = LayerVariables.requireName(name);
    Require.positive("dim", dim);
    Require.that(epsilon > 0, "epsilon", "be positive", epsilon);
    this.epsilon = epsilon;
    Ops s = tf.withSubScope(name);
    Shape shape = Shape.of(dim);
    gamma = LayerVariables.create(s, "gamma", shape, Fans.of(shape), Initializers.ones(), 0);
    beta = LayerVariables.create(s, "beta", shape, Fans.of(shape), Initializers.zeros(), 0);
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf().withSubScope(name);
    Operand<org.tensorflow.types.TInt32> last = tf.constant(-1);
    Operand<TFloat32> centred =
        tf.math.sub(x, tf.math.mean(x, last, Mean.keepDims(true)));
    Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), last, Mean.keepDims(true));
    Operand<TFloat32> normed =
        tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(epsilon))));
    return tf.math.add(tf.math.mul(normed, Params.read(tf, gamma)), Params.read(tf, beta));
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return List.of(gamma, beta);
  }
}
